import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, initBackend, stackParameterCount } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_LM, BENCH_PATTERNS, ByteLM, stackConfig } from './byte-lm.js';
import type { ByteLMConfig } from './byte-lm.js';

/** The benchmark's model, narrowed for tests: d_model 32 (one Mamba-2 head of 64 channels, 4 attention heads of 8). */
const tiny = (pattern: string): ByteLMConfig => ({ ...BENCH_LM, dModel: 32, pattern });

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

/** Token ids [rows, cols] from a seeded generator. */
function randomIds(rng: Rng, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(Int32Array.from({ length: rows * cols }, () => Math.floor(rng.uniform() * 256)), [rows, cols], 'int32');
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ByteLM', () => {
  it('counts its parameters as the stack plus one tied embedding', () => {
    for (const pattern of Object.values(BENCH_PATTERNS)) {
      const model = new ByteLM(tiny(pattern), new Rng(0));
      expect(model.numParameters()).toBe(256 * 32 + stackParameterCount(stackConfig(tiny(pattern))));
      model.dispose();
    }
  });

  it('learns: the training loss falls over a few AdamW updates on a repeating byte string', () => {
    const before = tf.memory().numTensors;
    const model = new ByteLM(tiny(BENCH_PATTERNS.hybrid as string), new Rng(1));
    const params = model.parameters();
    const names = new Map([...params].map(([name, v]) => [v.name, name]));
    const optimizer = new AdamW(params, { learningRate: 1e-2 });
    const text = Int32Array.from({ length: 4 * 33 }, (_, i) => 'hybrid ssm '.charCodeAt((i % 33) % 11));
    const batch = tf.tensor2d(text, [4, 33], 'int32');
    const inputs = tf.slice(batch, [0, 0], [4, 32]);
    const targets = tf.slice(batch, [0, 1], [4, 32]);
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => model.loss(inputs, targets), [...params.values()]);
        optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([v, g]) => [names.get(v) as string, g])));
        losses.push(value.dataSync()[0] as number);
      });
    }
    expect(losses[0]).toBeCloseTo(Math.log(256), 0);
    expect(losses.at(-1)).toBeLessThan((losses[0] as number) - 1);
    tf.dispose([batch, inputs, targets]);
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const [name, pattern] of Object.entries(BENCH_PATTERNS)) {
    it(`${name} (${pattern}): step-by-step and prefill-then-step logits equal the parallel forward's, leaking nothing`, () => {
      const before = tf.memory().numTensors;
      const rng = new Rng(2);
      const model = new ByteLM(tiny(pattern), rng);
      const b = 2;
      const l = 13;
      const context = 9;
      const cache = model.initCache(b);
      const prefillCache = model.initCache(b);
      tf.tidy(() => {
        const ids = randomIds(rng, b, l);
        const full = model.apply(ids); // [b,l,256]
        expect(tf.max(tf.abs(full)).dataSync()[0]).toBeGreaterThan(0.01);

        // token by token from empty caches
        const stepped = tf.stack(tf.unstack(ids, 1).map((token) => model.step(token, cache)), 1);
        expect(maxAbsDiff(stepped, full)).toBeLessThan(1e-4);

        // a 9-token context read 4 at a time (chunks of 4, 4, 1), then steps
        const logits = [model.prefill(tf.slice(ids, [0, 0], [b, context]), prefillCache, 4)];
        for (let t = context; t < l; t++) logits.push(model.step(tf.squeeze(tf.slice(ids, [0, t], [b, 1]), [1]), prefillCache));
        expect(maxAbsDiff(tf.stack(logits, 1), tf.slice(full, [0, context - 1, 0], [b, l - context + 1, 256]))).toBeLessThan(1e-4);
      });
      expect(prefillCache.caches.find((c) => c !== undefined)?.length).toBe(l);
      cache.dispose();
      prefillCache.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
