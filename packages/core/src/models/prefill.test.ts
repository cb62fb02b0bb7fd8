import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HybridStack } from './hybrid-stack.js';
import { prefillStack } from './prefill.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { relativeError } from '../test-support/compare.js';

// Prefill runs the same layers in chunks from the caches: equal to the full forward up to float32
// summation order (chunked attention softmax, the SSD scan started from a carried state).
const TOLERANCE = 1e-4;
const B = 2;
const S = 11;
const D = 16;

const LAYERS = {
  mamba: { dState: 4, expand: 2 },
  mamba2: { dState: 8, headdim: 8, expand: 2, chunkSize: 4 },
  attention: { numHeads: 2, ropeBase: 10000 },
  mlp: { hidden: 32 },
} as const;

describe('prefillStack', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it.each([
    ['hybrid', 'M-M*'],
    ['transformer', '*-*-'],
    ['with a Mamba-1 block (token by token)', 'mM*'],
  ])('%s: the last output and the next step equal the full forward', (_, pattern) => {
    const before = tf.memory().numTensors;
    const stack = new HybridStack({ dModel: D, pattern, layers: LAYERS }, new Rng(3));
    const x = new Rng(4).normalTensor([B, S + 1, D]);
    const full = tf.tidy(() => stack.apply(x));
    const cache = stack.initCache(B, S + 1);
    const context = tf.slice(x, [0, 0, 0], [B, S, D]);
    const last = prefillStack(stack, context, cache, 4);
    const token = tf.tidy(() => tf.squeeze(tf.slice(x, [0, S, 0], [B, 1, D]), [1]));
    const next = stack.step(token, cache);
    const expectedLast = tf.tidy(() => tf.squeeze(tf.slice(full, [0, S - 1, 0], [B, 1, D]), [1]));
    const expectedNext = tf.tidy(() => tf.squeeze(tf.slice(full, [0, S, 0], [B, 1, D]), [1]));
    expect(relativeError(last.dataSync() as Float32Array, expectedLast.dataSync() as Float32Array)).toBeLessThan(TOLERANCE);
    expect(relativeError(next.dataSync() as Float32Array, expectedNext.dataSync() as Float32Array)).toBeLessThan(TOLERANCE);
    tf.dispose([full, context, token, last, next, expectedLast, expectedNext, x]);
    cache.dispose();
    stack.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a chunk that is not a positive integer', () => {
    const stack = new HybridStack({ dModel: D, pattern: 'M', layers: LAYERS }, new Rng(3));
    const cache = stack.initCache(1, 4);
    const x = tf.zeros([1, 2, D]);
    expect(() => prefillStack(stack, x, cache, 0)).toThrow(/chunk must be a positive integer; got 0/);
    tf.dispose(x);
    cache.dispose();
    stack.dispose();
  });
});
