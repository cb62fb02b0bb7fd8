import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.js';
import { LanguageModel } from './language-model.js';
import { lmConfig, lmParameterCount } from './lm-config.js';

const VOCAB = 13;
const LENGTH = 10;

function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 0;
  expected.forEach((e, i) => {
    diff = Math.max(diff, Math.abs((actual[i] as number) - e));
    scale = Math.max(scale, Math.abs(e));
  });
  return diff / scale;
}

describe('LanguageModel', () => {
  beforeAll(() => initBackend('wasm'));

  it.each([...ARCHITECTURES])('%s: step-by-step and prefill+step logits equal the full forward', (architecture) => {
    const before = tf.memory().numTensors;
    const model = new LanguageModel(lmConfig({ preset: 'tiny', architecture, vocabSize: VOCAB }), new Rng(1));
    const ids = Array.from({ length: LENGTH }, (_, i) => (i * 7 + 3) % VOCAB);
    const full = tf.tidy(() => model.apply(tf.tensor2d([ids], [1, LENGTH], 'int32')));
    const expected = full.dataSync() as Float32Array;
    const cache = model.initCache(1, LENGTH);
    const stepped = ids.map((id) => {
      const logits = tf.tidy(() => model.step(tf.tensor1d([id], 'int32'), cache));
      const values = logits.dataSync() as Float32Array;
      logits.dispose();
      return values;
    });
    cache.dispose();
    const steppedAll = new Float32Array(stepped.flatMap((row) => [...row]));
    expect(maxRelativeError(steppedAll, expected)).toBeLessThan(1e-4);
    // the first 6 tokens in one prefill (chunks of 4), then the rest by step
    const cache2 = model.initCache(1, LENGTH);
    const prefilled = tf.tidy(() => model.prefill(tf.tensor2d([ids.slice(0, 6)], [1, 6], 'int32'), cache2, 4));
    const rows = [prefilled.dataSync() as Float32Array];
    prefilled.dispose();
    for (const id of ids.slice(6)) {
      const logits = tf.tidy(() => model.step(tf.tensor1d([id], 'int32'), cache2));
      rows.push(logits.dataSync() as Float32Array);
      logits.dispose();
    }
    cache2.dispose();
    expect(maxRelativeError(new Float32Array(rows.flatMap((row) => [...row])), expected.slice(5 * VOCAB))).toBeLessThan(1e-4);
    full.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('solves every architecture to within 15% of the hybrid’s parameters, and counts them as built', () => {
    const configs = ARCHITECTURES.map((architecture) => lmConfig({ preset: 'small', architecture, vocabSize: 256 }));
    const target = lmParameterCount(configs[3]!);
    for (const config of configs) {
      expect(Math.abs(lmParameterCount(config) - target) / target).toBeLessThan(0.15);
    }
    const model = new LanguageModel(configs[0]!, new Rng(0));
    expect(model.numParameters()).toBe(lmParameterCount(configs[0]!));
    model.dispose();
  });

  it("the deep preset holds the paper's attention share: 2 of the hybrid's 24 blocks, 12 of the Transformer's, at equal parameters", () => {
    const hybrid = lmConfig({ preset: 'deep', architecture: 'mamba2-hybrid', vocabSize: 256 });
    const transformer = lmConfig({ preset: 'deep', architecture: 'transformer', vocabSize: 256 });
    const attention = (pattern: string) => [...pattern].filter((c) => c === '*').length;
    expect([hybrid.pattern.length, attention(hybrid.pattern), attention(transformer.pattern)]).toEqual([24, 2, 12]);
    expect(Math.abs(lmParameterCount(transformer) / lmParameterCount(hybrid) - 1)).toBeLessThan(0.15);
  });

  it('masks the loss to the scored positions', () => {
    const model = new LanguageModel(lmConfig({ preset: 'tiny', architecture: 'mamba2', vocabSize: VOCAB }), new Rng(2));
    const tokens = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
    const targets = tf.tensor2d([[2, 3, 4, 5]], [1, 4], 'int32');
    const onlyLast = tf.tensor2d([[0, 0, 0, 1]]);
    const perPosition = tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.oneHot(tf.reshape(targets, [-1]), VOCAB), tf.logSoftmax(tf.reshape(model.apply(tokens), [-1, VOCAB]))), -1)));
    const masked = model.loss(tokens, targets, onlyLast);
    expect(masked.dataSync()[0]).toBeCloseTo(perPosition.dataSync()[3] as number, 5);
    tf.dispose([tokens, targets, onlyLast, perPosition, masked]);
    model.dispose();
  });

  it('rejects float tokens with a clear error', () => {
    const model = new LanguageModel(lmConfig({ preset: 'tiny', architecture: 'mamba2', vocabSize: VOCAB }), new Rng(2));
    const x = tf.zeros([1, 3]);
    expect(() => model.apply(x)).toThrow(/'tokens' must be int32 token ids; got float32/);
    x.dispose();
    model.dispose();
  });
});
