import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianOracle, moments } from '../test-support/gaussian-oracle.js';
import type { GaussianData } from '../test-support/gaussian-oracle.js';
import { ddimSample } from './ddim-sampler.js';
import { ddpmSample } from './ddpm-sampler.js';
import type { DdimOptions } from './ddim-sampler.js';
import type { PredictionType } from './parameterization.js';
import type { SamplingProgress } from './sampling-loop.js';
import { samplingTimesteps } from './sampling-timesteps.js';
import type { TimestepSpacing } from './sampling-timesteps.js';
import { noiseSchedule } from './schedules.js';

const DATA: GaussianData = { mean: 0.3, std: 0.5 };

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('samplingTimesteps', () => {
  it('spaces S of T timesteps uniformly or trailing, noisiest first, all of them when S = T', () => {
    expect(samplingTimesteps(10, 5, 'uniform')).toEqual([8, 6, 4, 2, 0]);
    expect(samplingTimesteps(10, 5, 'trailing')).toEqual([9, 7, 5, 3, 1]);
    expect(samplingTimesteps(1000, 3, 'uniform')).toEqual([666, 333, 0]);
    expect(samplingTimesteps(1000, 3, 'trailing')).toEqual([999, 666, 332]);
    expect(samplingTimesteps(7, 7, 'uniform')).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(samplingTimesteps(7, 7, 'trailing')).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });
});

describe('DDPM and DDIM samplers', () => {
  beforeAll(() => initBackend('cpu'));

  it('DDIM with η = 1 and S = T takes the same path as DDPM ancestral sampling (same seed)', () => {
    const schedule = noiseSchedule('linear', 1000);
    const denoise = gaussianOracle(schedule, DATA, 'epsilon');
    const ddpm = ddpmSample({ schedule, denoise, shape: [3, 4], rng: new Rng(5) });
    const ddim = ddimSample({ schedule, denoise, shape: [3, 4], rng: new Rng(5), steps: 1000, eta: 1 });
    expect(maxDifference(ddpm, ddim)).toBeLessThan(1e-4);
    tf.dispose([ddpm, ddim]);
  });

  it('DDIM with η = 0 converges to the exact probability-flow ODE solution for Gaussian data, at first order', () => {
    // In x̄ = x/√ᾱ, σ̄ = √(1−ᾱ)/√ᾱ the ODE is dx̄/dσ̄ = ε̂ = σ̄ (x̄ − μ)/(s² + σ̄²) (DDIM eq. 14, of which
    // eq. 12 with σ = 0 is the Euler step); its solution keeps (x̄ − μ)/√(s² + σ̄²) constant, so
    // x_0 = μ + (x̄_T − μ) s / √(s² + σ̄_T²).
    const schedule = noiseSchedule('linear', 1000);
    const alphaBarT = schedule.alphasCumprod[999]!;
    const sigmaBarT = Math.sqrt((1 - alphaBarT) / alphaBarT);
    const xT = new Rng(9).normalTensor([2, 8]);
    const expected = tf.tidy(() =>
      tf.add(DATA.mean, tf.mul(tf.sub(tf.div(xT, Math.sqrt(alphaBarT)), DATA.mean), DATA.std / Math.hypot(DATA.std, sigmaBarT))),
    );
    const error = (steps: number) => {
      const sample = ddimSample({ schedule, denoise: gaussianOracle(schedule, DATA, 'epsilon'), shape: [2, 8], rng: new Rng(9), steps });
      const difference = maxDifference(sample, expected);
      sample.dispose();
      return difference;
    };
    const [fine, coarse] = [error(1000), error(100)];
    expect(fine).toBeLessThan(5e-3);
    expect(coarse / fine).toBeGreaterThan(7);
    expect(coarse / fine).toBeLessThan(13);
    tf.dispose([xT, expected]);
  });

  it('DDIM with η = 0 computes eq. 12 as a float64 reference does', () => {
    const schedule = noiseSchedule('cosine', 100);
    const timesteps = samplingTimesteps(100, 7, 'trailing');
    const xT = new Rng(12).normalTensor([3, 5]);
    let reference = Array.from(xT.dataSync(), Number);
    timesteps.forEach((t, k) => {
      const alphaBar = schedule.alphasCumprod[t]!;
      const alphaBarNext = k + 1 < timesteps.length ? schedule.alphasCumprod[timesteps[k + 1]!]! : 1;
      reference = reference.map((x) => {
        const epsilon = (Math.sqrt(1 - alphaBar) * (x - Math.sqrt(alphaBar) * DATA.mean)) / (alphaBar * DATA.std ** 2 + 1 - alphaBar);
        const x0 = (x - Math.sqrt(1 - alphaBar) * epsilon) / Math.sqrt(alphaBar);
        return Math.sqrt(alphaBarNext) * x0 + Math.sqrt(1 - alphaBarNext) * epsilon;
      });
    });
    const sample = ddimSample({ schedule, denoise: gaussianOracle(schedule, DATA, 'epsilon'), shape: [3, 5], rng: new Rng(12), steps: 7, spacing: 'trailing' });
    sample.dataSync().forEach((value, i) => expect(value).toBeCloseTo(reference[i]!, 4));
    tf.dispose([xT, sample]);
  });

  it.each<[string, (options: Omit<DdimOptions, 'steps'>) => tf.Tensor]>([
    ['DDPM', (options) => ddpmSample(options)],
    ['DDIM η = 0, 50 trailing steps', (options) => ddimSample({ ...options, steps: 50, spacing: 'trailing' })],
    ['DDIM η = 0.5, 50 uniform steps', (options) => ddimSample({ ...options, steps: 50, eta: 0.5 })],
  ])('%s recovers the data mean and variance from noise', (_, sample) => {
    const schedule = noiseSchedule('cosine', 200);
    const x = sample({ schedule, denoise: gaussianOracle(schedule, DATA, 'epsilon'), shape: [1000, 4], rng: new Rng(1) });
    const { mean, variance } = moments(x);
    expect(Math.abs(mean - DATA.mean)).toBeLessThan(0.03);
    expect(Math.abs(variance / DATA.std ** 2 - 1)).toBeLessThan(0.08);
    x.dispose();
  });

  it('both land on the data when it is a single point', () => {
    const schedule = noiseSchedule('linear', 100);
    const point: GaussianData = { mean: -0.4, std: 0 };
    const denoise = gaussianOracle(schedule, point, 'epsilon');
    const samples = [
      ddpmSample({ schedule, denoise, shape: [3, 4], rng: new Rng(6) }),
      ddimSample({ schedule, denoise, shape: [3, 4], rng: new Rng(6), steps: 10 }),
      ddimSample({ schedule, denoise, shape: [3, 4], rng: new Rng(6), steps: 3, eta: 1, spacing: 'trailing' }),
    ];
    for (const sample of samples) sample.dataSync().forEach((value) => expect(value).toBeCloseTo(point.mean, 4));
    tf.dispose(samples);
  });

  it('ε- and v-prediction of the same oracle give the same samples', () => {
    const schedule = noiseSchedule('cosine', 100);
    const run = (prediction: PredictionType) => [
      ddpmSample({ schedule, denoise: gaussianOracle(schedule, DATA, prediction), prediction, shape: [2, 3], rng: new Rng(4) }),
      ddimSample({ schedule, denoise: gaussianOracle(schedule, DATA, prediction), prediction, shape: [2, 3], rng: new Rng(4), steps: 10, eta: 0.3 }),
    ];
    const [ddpmEpsilon, ddimEpsilon] = run('epsilon') as [tf.Tensor, tf.Tensor];
    const [ddpmV, ddimV] = run('v') as [tf.Tensor, tf.Tensor];
    expect(maxDifference(ddpmEpsilon, ddpmV)).toBeLessThan(1e-3);
    expect(maxDifference(ddimEpsilon, ddimV)).toBeLessThan(1e-3);
    tf.dispose([ddpmEpsilon, ddimEpsilon, ddpmV, ddimV]);
  });

  it('clips the predicted x_0 to [−1, 1] when asked', () => {
    const schedule = noiseSchedule('cosine', 50);
    const far: GaussianData = { mean: 3, std: 0.1 };
    const options = { schedule, denoise: gaussianOracle(schedule, far, 'epsilon'), shape: [2, 3], rng: new Rng(2), steps: 10 };
    const clipped = ddimSample({ ...options, clipDenoised: true });
    const free = ddimSample(options);
    expect(Math.max(...clipped.dataSync())).toBeLessThanOrEqual(1 + 1e-5);
    expect(Math.min(...free.dataSync())).toBeGreaterThan(2);
    tf.dispose([clipped, free]);
  });

  it('is seeded, reports progress and leaks no tensors', () => {
    const schedule = noiseSchedule('linear', 50);
    const denoise = gaussianOracle(schedule, DATA, 'epsilon');
    const before = tf.memory().numTensors;
    const progress: SamplingProgress[] = [];
    const options = { schedule, denoise, shape: [2, 2, 3], steps: 5, eta: 1, spacing: 'trailing' as TimestepSpacing };
    const first = ddimSample({ ...options, rng: new Rng(7), onStep: (p) => progress.push(p) });
    const again = ddimSample({ ...options, rng: new Rng(7) });
    const other = ddimSample({ ...options, rng: new Rng(8) });
    const ddpmFirst = ddpmSample({ schedule, denoise, shape: [2, 3], rng: new Rng(7) });
    const ddpmAgain = ddpmSample({ schedule, denoise, shape: [2, 3], rng: new Rng(7) });
    const ddpmOther = ddpmSample({ schedule, denoise, shape: [2, 3], rng: new Rng(8) });
    expect(first.shape).toEqual([2, 2, 3]);
    expect(maxDifference(first, again)).toBe(0);
    expect(maxDifference(first, other)).toBeGreaterThan(0.01);
    expect(maxDifference(ddpmFirst, ddpmAgain)).toBe(0);
    expect(maxDifference(ddpmFirst, ddpmOther)).toBeGreaterThan(0.01);
    expect(progress).toEqual([9, 19, 29, 39, 49].reverse().map((t, i) => ({ step: i + 1, steps: 5, t })));
    tf.dispose([first, again, other, ddpmFirst, ddpmAgain, ddpmOther]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad steps, η, spacing, shape and denoiser output, naming them', () => {
    const schedule = noiseSchedule('linear', 100);
    const options = { schedule, denoise: gaussianOracle(schedule, DATA, 'epsilon'), shape: [2, 3], rng: new Rng(1) };
    const before = tf.memory().numTensors;
    expect(() => ddimSample({ ...options, steps: 0 })).toThrow(ArgumentError);
    expect(() => ddimSample({ ...options, steps: 0 })).toThrow("ddimSample: argument 'steps' must be an integer in [1, 100]; got 0");
    expect(() => ddimSample({ ...options, steps: 101 })).toThrow("ddimSample: argument 'steps' must be an integer in [1, 100]; got 101");
    expect(() => ddimSample({ ...options, steps: 10, eta: -0.5 })).toThrow("ddimSample: argument 'eta' must be a finite number ≥ 0; got -0.5");
    expect(() => ddimSample({ ...options, steps: 10, eta: Number.NaN })).toThrow("argument 'eta' must be a finite number ≥ 0; got NaN");
    expect(() => ddimSample({ ...options, steps: 10, spacing: 'leading' as TimestepSpacing })).toThrow(
      "ddimSample: argument 'spacing' must be one of 'uniform', 'trailing'; got \"leading\"",
    );
    expect(() => ddpmSample({ ...options, shape: [2, 0] })).toThrow("ddpmSample: argument 'shape' must be a non-empty list of integers ≥ 1; got [2,0]");
    expect(() => ddpmSample({ ...options, prediction: 'x0' as PredictionType })).toThrow("ddpmSample: argument 'prediction' must be one of 'epsilon', 'v'; got \"x0\"");
    expect(() => ddpmSample({ ...options, denoise: (x) => tf.zeros([x.shape[0] as number, 4]) })).toThrow(
      "ddpmSample: argument 'denoiser output' must be of shape [2,3]; got [2,4]",
    );
    expect(() => ddpmSample({ ...options, denoise: () => { throw new Error('backbone failed'); } })).toThrow('backbone failed');
    expect(tf.memory().numTensors).toBe(before);
  });
});
