import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './attention.js';
import { Embedding } from './embedding.js';
import { Linear } from './linear.js';
import { Mamba2 } from './mamba2.js';
import { applyRope } from './rope.js';
import { StateCache } from './state-cache.js';
import { HybridStack } from '../models/hybrid-stack.js';
import { Rng } from '../util/random.js';
import '../kernels/register-all.js';
import { useBackend } from '../test-support/backends.js';
import { relativeError } from '../test-support/compare.js';

// The decode path's caches and kept weights: the KV buffers grow by doubling and hold exactly what
// concatenating each token's key and value would; steps keep the number of live tensors constant; a
// cache moves between the fused kernels and the composite (differentiable) step; kept transposed
// weights follow reassignment.
const TOLERANCE = 1e-5;

/** Runs `layer.step` over x [b,l,d] token by token; returns the stacked outputs and the live tensor count after each step. */
function stepThrough(layer: { step(x: tf.Tensor, cache: StateCache): tf.Tensor }, x: tf.Tensor, cache: StateCache, composite: (t: number) => boolean = () => false) {
  const outputs: tf.Tensor[] = [];
  const liveAfter: number[] = [];
  const tokens = tf.unstack(x, 1);
  tokens.forEach((token, t) => {
    if (composite(t)) {
      // a step under a gradient tape runs the composite tf-op step (the fused kernels have no gradient)
      let out: tf.Tensor | undefined;
      const grad = tf.grad((input: tf.Tensor) => {
        out = tf.keep(layer.step(input, cache));
        return tf.sum(out);
      })(token);
      outputs.push(out as tf.Tensor);
      grad.dispose();
    } else {
      outputs.push(tf.tidy(() => layer.step(token, cache)));
    }
    liveAfter.push(tf.memory().numTensors - outputs.length);
  });
  tf.dispose(tokens);
  const stacked = tf.stack(outputs, 1);
  tf.dispose(outputs);
  return { stacked, liveAfter };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`decode caches and kept weights (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    it('attention: the KV buffers grow by doubling past 256 positions, hold the concatenated keys and values, and steps equal apply', async () => {
      const [b, l, d] = [2, 300, 16];
      const layer = new MultiHeadAttention({ dModel: d, numHeads: 4, numKvHeads: 2, ropeBase: 10000 }, new Rng(3));
      const x = new Rng(4).normalTensor([b, l, d]);
      const cache = layer.initCache(b);
      const capacities: number[] = [];
      const { stacked, liveAfter } = stepThrough(
        { step: (token, c) => { const y = layer.step(token, c); capacities.push(c.get('keys').shape[2] as number); return y; } },
        x, cache,
      );
      const full = layer.apply(x);
      expect(relativeError(await stacked.data(), await full.data())).toBeLessThan(TOLERANCE);
      expect(capacities[0]).toBe(256);
      expect(capacities[255]).toBe(256);
      expect(capacities[256]).toBe(512);
      expect(capacities.at(-1)).toBe(512);
      // one token's step leaves as many live tensors as the one before, growth included
      expect(new Set(liveAfter.slice(1)).size, 'live tensors per step').toBe(1);
      // the buffers: the keys (RoPE'd) and values of every position, as concat would hold them, then zeros
      const named = layer.namedChildren();
      const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, l, 2, d / 4]), [0, 2, 1, 3]);
      const expected = tf.tidy(() => {
        const k = applyRope(heads((named.get('k_proj') as Linear).apply(x)), 0, 10000);
        const v = heads((named.get('v_proj') as Linear).apply(x));
        return [k, v];
      });
      for (const [i, name] of (['keys', 'values'] as const).entries()) {
        const buffer = cache.get(name);
        const [written, rest] = tf.tidy(() => [tf.slice(buffer, [0, 0, 0, 0], [-1, -1, l, -1]), tf.slice(buffer, [0, 0, l, 0], [-1, -1, -1, -1])]);
        expect(relativeError(await written!.data(), await expected[i]!.data()), name).toBeLessThan(TOLERANCE);
        expect((await rest!.data()).every((v) => v === 0), `${name} past the last position`).toBe(true);
        tf.dispose([written!, rest!]);
      }
      tf.dispose([x, stacked, full, ...expected]);
      cache.dispose();
      layer.dispose();
    });

    it('attention: the buffers never exceed maxLen, and stepping past it is an error', () => {
      const layer = new MultiHeadAttention({ dModel: 8, numHeads: 2 }, new Rng(1));
      const cache = layer.initCache(1, 300);
      const token = tf.ones([1, 8]);
      for (let t = 0; t < 300; t++) tf.tidy(() => layer.step(token, cache));
      expect(cache.get('keys').shape).toEqual([1, 2, 300, 4]);
      expect(() => layer.step(token, cache)).toThrow(/maxLen/);
      tf.dispose(token);
      cache.dispose();
      layer.dispose();
    });

    it('attention: a cache moves between fused and composite steps (a step under a gradient tape is composite) and still equals apply', async () => {
      const [b, l, d] = [2, 9, 16];
      const layer = new MultiHeadAttention({ dModel: d, numHeads: 4, numKvHeads: 2, ropeBase: 10000 }, new Rng(7));
      const x = new Rng(8).normalTensor([b, l, d]);
      const cache = layer.initCache(b, l);
      const composite = (t: number) => t === 3 || t === 4 || t === 7;
      const layouts: string[] = [];
      const { stacked } = stepThrough(
        { step: (token, c) => { const y = layer.step(token, c); layouts.push(c.has('k') ? 'k' : 'keys'); return y; } },
        x, cache, composite,
      );
      expect(layouts).toEqual(Array.from({ length: l }, (_, t) => (composite(t) ? 'k' : 'keys')));
      const full = layer.apply(x);
      expect(relativeError(await stacked.data(), await full.data())).toBeLessThan(TOLERANCE);
      tf.dispose([x, stacked, full]);
      cache.dispose();
      layer.dispose();
    });

    it("Mamba2: the fused step equals the composite one (impl 'reference') token by token, and keeps live tensors constant", async () => {
      const config = { dModel: 32, dState: 16, headdim: 16, ngroups: 2 };
      const fused = new Mamba2(config, new Rng(5));
      const composite = new Mamba2({ ...config, impl: 'reference' }, new Rng(5));
      const x = new Rng(6).normalTensor([2, 40, 32]);
      const [a, c] = [fused.initCache(2), composite.initCache(2)];
      const stepped = stepThrough(fused, x, a);
      const reference = stepThrough(composite, x, c);
      expect(relativeError(await stepped.stacked.data(), await reference.stacked.data())).toBeLessThan(TOLERANCE);
      expect(relativeError(await a.get('ssm').data(), await c.get('ssm').data())).toBeLessThan(TOLERANCE);
      expect(new Set(stepped.liveAfter).size, 'live tensors per step').toBe(1);
      tf.dispose([x, stepped.stacked, reference.stacked]);
      [a, c].forEach((cache) => cache.dispose());
      [fused, composite].forEach((layer) => layer.dispose());
    });

    it('a byte-LM-shaped stack: 64 steps keep the number of live tensors constant', () => {
      const stack = new HybridStack(
        { dModel: 64, pattern: 'M-M*M-M-', layers: { mamba2: { dState: 16, headdim: 16 }, attention: { numHeads: 4, ropeBase: 10000 } } },
        new Rng(2),
      );
      const cache = stack.initCache(1);
      const token = new Rng(9).normalTensor([1, 64]);
      const liveAfter: number[] = [];
      for (let t = 0; t < 64; t++) {
        tf.tidy(() => stack.step(token, cache).dataSync());
        liveAfter.push(tf.memory().numTensors);
      }
      expect(new Set(liveAfter).size).toBe(1);
      tf.dispose(token);
      cache.dispose();
      stack.dispose();
    });

    it('Linear.step equals apply and follows a reassigned weight', async () => {
      const linear = new Linear({ inFeatures: 12, outFeatures: 5 }, new Rng(1));
      const x = new Rng(2).normalTensor([3, 12]);
      const check = async () => {
        const [stepped, applied] = [linear.step(x), linear.apply(x)];
        expect(relativeError(await stepped.data(), await applied.data())).toBeLessThan(TOLERANCE);
        tf.dispose([stepped, applied]);
      };
      await check();
      const live = tf.memory().numTensors;
      const reassigned = new Rng(3).normalTensor([5, 12]);
      linear.weight.assign(reassigned);
      reassigned.dispose();
      await check();
      expect(tf.memory().numTensors, 'the kept weight is replaced, not added').toBe(live);
      x.dispose();
      linear.dispose();
    });
  
    it('Embedding.attend (the tied head) equals x · weightᵀ, with or without a gradient tape, and its gradient reaches the table', async () => {
      const embedding = new Embedding({ vocabSize: 11, dim: 6 }, new Rng(1));
      const x = new Rng(2).normalTensor([2, 3, 6]);
      const expected = tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(x, [6, 6]), embedding.weight, false, true), [2, 3, 11]));
      const logits = embedding.attend(x);
      expect(logits.shape).toEqual([2, 3, 11]);
      expect(relativeError(await logits.data(), await expected.data())).toBeLessThan(TOLERANCE);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(embedding.attend(x))) as tf.Scalar, [embedding.weight]);
      const gradient = grads[embedding.weight.name] as tf.Tensor;
      const reference = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.square(tf.matMul(tf.reshape(x, [6, 6]), w, false, true))))(embedding.weight));
      expect(relativeError(await gradient.data(), await reference.data())).toBeLessThan(TOLERANCE);
      tf.dispose([x, expected, logits, value, gradient, reference]);
      embedding.dispose();
    });
  });
}
