import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Denoiser } from './denoiser.js';
import { guided, guidedBatched } from './guidance.js';

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('classifier-free guidance', () => {
  beforeAll(() => initBackend('cpu'));
  // toy "conditional" and "unconditional" predictions that depend on x_t and t
  const conditional: Denoiser = (xt, t) => tf.tidy(() => tf.add(tf.mul(xt, 2), tf.reshape(tf.tensor1d([...t]), [t.length, 1])));
  const unconditional: Denoiser = (xt) => tf.tidy(() => tf.sub(tf.mul(xt, -0.5), 1));
  /** one call on [x_t; x_t]: the first half conditional, the second unconditional */
  const paired: Denoiser = (xt, t) =>
    tf.tidy(() => {
      const half = (xt.shape[0] as number) / 2;
      const [x] = tf.split(xt, 2, 0) as [tf.Tensor, tf.Tensor];
      return tf.concat([conditional(x, t.slice(0, half)), unconditional(x, t.slice(half))], 0);
    });

  it('is the conditional prediction at scale 1, the unconditional at 0, and ε_u + s(ε_c − ε_u) otherwise', () => {
    const xt = new Rng(3).normalTensor([3, 4]);
    const t = [5, 0, 17];
    tf.tidy(() => {
      const c = conditional(xt, t);
      const u = unconditional(xt, t);
      for (const guide of [(s: number) => guided(conditional, unconditional, s), (s: number) => guidedBatched(paired, s)]) {
        expect(maxDifference(guide(1)(xt, t), c)).toBeLessThan(1e-5);
        expect(maxDifference(guide(0)(xt, t), u)).toBe(0);
        expect(maxDifference(guide(4.5)(xt, t), tf.add(u, tf.mul(4.5, tf.sub(c, u))))).toBeLessThan(1e-4);
      }
    });
    xt.dispose();
  });

  it('calls the paired denoiser once on the doubled batch, and leaks nothing', () => {
    const xt = new Rng(4).normalTensor([2, 3]);
    const calls: Array<{ shape: number[]; t: number[] }> = [];
    const before = tf.memory().numTensors;
    const out = guidedBatched((x, t) => {
      calls.push({ shape: x.shape, t: [...t] });
      return paired(x, t);
    }, 2)(xt, [7, 9]);
    expect(calls).toEqual([{ shape: [4, 3], t: [7, 9, 7, 9] }]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    xt.dispose();
  });

  it('rejects a scale that is NaN, infinite or negative, naming it', () => {
    expect(() => guided(conditional, unconditional, Number.NaN)).toThrow(ArgumentError);
    expect(() => guided(conditional, unconditional, Number.NaN)).toThrow("guided: argument 'scale' must be a finite number ≥ 0; got NaN");
    expect(() => guidedBatched(paired, Number.POSITIVE_INFINITY)).toThrow("guidedBatched: argument 'scale' must be a finite number ≥ 0; got Infinity");
    expect(() => guided(conditional, unconditional, -1)).toThrow("argument 'scale' must be a finite number ≥ 0; got -1");
  });
});
