import * as tf from '@tensorflow/tfjs';
import { Module, Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm1d, namedBuffers } from './batch-norm.js';

class Holder extends Module {
  readonly bn: BatchNorm1d;
  constructor() {
    super();
    this.bn = this.child('head', new BatchNorm1d(2));
  }
}

describe('BatchNorm1d', () => {
  beforeAll(() => initBackend('wasm'));

  it('training: batch statistics, and PyTorch running-statistics updates (momentum 0.1, unbiased variance)', () => {
    const bn = new BatchNorm1d(2);
    bn.setTraining(true);
    // [n=2, l=2, c=2]: channel 0 takes 1, 2, 3, 4; channel 1 takes 0, 0, 0, 8
    const x = tf.tensor3d([[[1, 0], [2, 0]], [[3, 0], [4, 8]]]);
    const y = bn.apply(x);
    const mean0 = 2.5;
    const var0 = 1.25; // biased
    const expected0 = [1, 2, 3, 4].map((v) => (v - mean0) / Math.sqrt(var0 + 1e-5));
    const got = y.arraySync() as number[][][];
    expect([got[0]![0]![0], got[0]![1]![0], got[1]![0]![0], got[1]![1]![0]]).toEqual(expected0.map((v) => expect.closeTo(v, 5)));
    expect(Array.from(bn.runningMean.dataSync())).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.2, 6)]);
    // unbiased: 1.25 · 4/3 and 12 · 4/3
    expect(Array.from(bn.runningVar.dataSync())).toEqual([expect.closeTo(0.9 + 0.1 * (5 / 3), 5), expect.closeTo(0.9 + 0.1 * 16, 5)]);
    tf.dispose([x, y]);
    bn.dispose();
  });

  it('eval: running statistics, deterministic; the buffers are not parameters but are listed by namedBuffers', () => {
    const holder = new Holder();
    const bn = holder.bn;
    const x = new Rng(1).normalTensor([4, 2]);
    const y = bn.apply(x);
    expect(y.arraySync()).toEqual((tf.div(x, Math.sqrt(1 + 1e-5)) as tf.Tensor).arraySync());
    expect([...holder.parameters().keys()]).toEqual(['head.weight', 'head.bias']);
    expect([...namedBuffers(holder).keys()]).toEqual(['head.running_mean', 'head.running_var']);
    tf.dispose([x, y]);
    holder.dispose();
  });

  it('training: the closed-form gradient equals autodiff through the written-out formula, on fresh inputs, without leaks', () => {
    const rng = new Rng(7);
    const bn = new BatchNorm1d(5).setTraining(true);
    const x = rng.normalTensor([3, 11, 5]);
    const probe = rng.normalTensor([3, 11, 5]);
    bn.weight.assign(rng.normalTensor([5]));
    bn.bias.assign(rng.normalTensor([5]));
    const before = tf.memory().numTensors;
    const plain = (input: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(tf.reshape(input, [-1, 5]), 0);
      return tf.add(tf.mul(tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, 1e-5))), w), b);
    };
    tf.tidy(() => {
      const loss = (f: (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, b, c), probe));
      const got = tf.grads(loss((a) => bn.apply(a)))([x, bn.weight, bn.bias]);
      const want = tf.grads(loss(plain))([x, bn.weight, bn.bias]);
      for (let i = 0; i < 3; i++) {
        const diff = tf.max(tf.abs(tf.sub(got[i] as tf.Tensor, want[i] as tf.Tensor))).dataSync()[0] as number;
        expect(diff, `gradient ${i}`).toBeLessThan(1e-4);
      }
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, probe]);
    bn.dispose();
  });

  it('refuses a single value per channel while training, as PyTorch does', () => {
    const bn = new BatchNorm1d(3).setTraining(true);
    const x = tf.zeros([1, 3]);
    expect(() => bn.apply(x)).toThrow(/more than 1 value per channel/);
    x.dispose();
    bn.dispose();
  });
});
