import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { qSample } from './forward-process.js';
import { noiseSchedule } from './schedules.js';

describe('qSample', () => {
  beforeAll(() => initBackend('cpu'));
  const schedule = noiseSchedule('linear', 1000);

  it('is √ᾱ_t x_0 + √(1 − ᾱ_t) ε with each sample at its own t (float64 reference)', () => {
    const rng = new Rng(11);
    const t = [0, 999, 412, 73];
    const x0 = rng.normalTensor([4, 3, 5]);
    const noise = rng.normalTensor([4, 3, 5]);
    const xt = qSample(schedule, x0, t, noise);
    const [x0Values, noiseValues, xtValues] = [x0.dataSync(), noise.dataSync(), xt.dataSync()];
    xtValues.forEach((value, i) => {
      const step = t[Math.floor(i / 15)]!;
      const expected = Math.sqrt(schedule.alphasCumprod[step]!) * x0Values[i]! + Math.sqrt(1 - schedule.alphasCumprod[step]!) * noiseValues[i]!;
      expect(value).toBeCloseTo(expected, 6);
    });
    tf.dispose([x0, noise, xt]);
  });

  it('has the mean √ᾱ_t x_0 and variance 1 − ᾱ_t of q(x_t | x_0) (Monte Carlo)', () => {
    const rng = new Rng(3);
    const draws = 20_000;
    const t = [0, 250, 600, 999];
    const x0Values = [0.8, -0.5, 1, 0.1];
    const x0 = tf.tidy(() => tf.tile(tf.tensor2d(x0Values, [4, 1]), [1, draws]));
    const noise = rng.normalTensor([4, draws]);
    const xt = qSample(schedule, x0, t, noise);
    const rows = xt.arraySync() as number[][];
    rows.forEach((row, i) => {
      const alphaBar = schedule.alphasCumprod[t[i]!]!;
      const mean = row.reduce((sum, v) => sum + v, 0) / draws;
      const variance = row.reduce((sum, v) => sum + (v - mean) ** 2, 0) / draws;
      expect(Math.abs(mean - Math.sqrt(alphaBar) * x0Values[i]!)).toBeLessThan(5 * Math.sqrt((1 - alphaBar) / draws));
      expect(Math.abs(variance / (1 - alphaBar) - 1)).toBeLessThan(5 * Math.sqrt(2 / draws));
    });
    tf.dispose([x0, noise, xt]);
  });

  it('rejects timesteps outside [0, T), a wrong count of them and noise of another shape', () => {
    const x0 = tf.zeros([2, 3]);
    expect(() => qSample(schedule, x0, [0, 1000], x0)).toThrow(ArgumentError);
    expect(() => qSample(schedule, x0, [0, 1000], x0)).toThrow("qSample: argument 't' must be integers in [0, 999]; got 1000");
    expect(() => qSample(schedule, x0, [0.5, 3], x0)).toThrow(/argument 't' .*got 0.5/);
    expect(() => qSample(schedule, x0, [1], x0)).toThrow("qSample: argument 't' must be one timestep per sample (2); got 1");
    const noise = tf.zeros([2, 4]);
    expect(() => qSample(schedule, x0, [1, 2], noise)).toThrow("qSample: argument 'noise' must be of shape [2,3]; got [2,4]");
    tf.dispose([x0, noise]);
  });
});
