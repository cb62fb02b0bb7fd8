import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import { Mlp } from './mlp.js';
import { useBackend } from '../test-support/backends.js';
import { Rng } from '../util/random.js';

describe('Dropout', () => {
  beforeAll(() => useBackend('cpu'));

  it('is the identity until training is switched on', () => {
    const layer = new Dropout(0.5, new Rng(0));
    const x = tf.ones([4, 8]);
    expect(layer.apply(x)).toBe(x);
    layer.setTraining(true, 0).setTraining(false);
    expect(layer.apply(x)).toBe(x);
    x.dispose();
  });

  it('while training zeroes about `rate` of the elements and scales the rest by 1/(1 − rate), without leaks', () => {
    const layer = new Dropout(0.3, new Rng(0)).setTraining(true, 5);
    const x = tf.ones([100, 100]);
    const before = tf.memory().numTensors;
    const y = layer.apply(x);
    const values = Array.from(y.dataSync());
    const zeros = values.filter((v) => v === 0).length / values.length;
    expect(zeros).toBeGreaterThan(0.27);
    expect(zeros).toBeLessThan(0.33);
    for (const v of values.filter((v) => v !== 0)) expect(v).toBeCloseTo(1 / 0.7, 5);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('draws its masks from (step, call): the same step repeats them, another step or call does not', () => {
    const x = tf.ones([64, 64]);
    const mask = (layer: Dropout) => Array.from(layer.apply(x).dataSync());
    const layer = new Dropout(0.5, new Rng(1));
    const first = mask(layer.setTraining(true, 3));
    const secondCall = mask(layer);
    const again = mask(layer.setTraining(true, 3));
    const otherStep = mask(layer.setTraining(true, 4));
    expect(again).toEqual(first);
    expect(secondCall).not.toEqual(first);
    expect(otherStep).not.toEqual(first);
    x.dispose();
  });

  it('rejects a rate outside [0, 1) by name', () => {
    expect(() => new Dropout(1, new Rng(0))).toThrow("Dropout: argument 'rate' must be in [0, 1); got 1");
    expect(() => new Dropout(-0.1, new Rng(0))).toThrow("argument 'rate' must be in [0, 1); got -0.1");
  });

  it('attention and MLP with dropout equal their dropout-free twins outside training, and differ while training', () => {
    const x = new Rng(2).normalTensor([2, 6, 8]);
    const pairs = [
      [new MultiHeadAttention({ dModel: 8, numHeads: 2, attentionDropout: 0.2, outputDropout: 0.2 }, new Rng(3)), new MultiHeadAttention({ dModel: 8, numHeads: 2 }, new Rng(3))],
      [new Mlp({ dModel: 8, hidden: 16, dropout: 0.2 }, new Rng(3)), new Mlp({ dModel: 8, hidden: 16 }, new Rng(3))],
    ] as const;
    for (const [withDropout, without] of pairs) {
      const reference = Array.from(without.apply(x).dataSync());
      expect(Array.from(withDropout.apply(x).dataSync())).toEqual(reference);
      withDropout.setTraining(true, 0);
      expect(Array.from(withDropout.apply(x).dataSync())).not.toEqual(reference);
      withDropout.dispose();
      without.dispose();
    }
    x.dispose();
  });
});
