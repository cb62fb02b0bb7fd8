import { Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Denoiser } from './denoiser.js';
import type { PredictionType } from './parameterization.js';
import { noiseSchedule } from './schedules.js';
import { diffusionLoss, sampleTimesteps } from './training-loss.js';

describe('diffusionLoss', () => {
  beforeAll(() => initBackend('cpu'));
  const schedule = noiseSchedule('cosine', 50);

  it('draws timesteps uniformly over [0, T)', () => {
    const counts = new Array<number>(10).fill(0);
    for (const t of sampleTimesteps(new Rng(1), 20_000, 10)) counts[t]! += 1;
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(5 * Math.sqrt(2000));
  });

  it.each<PredictionType>(['epsilon', 'v'])('is the MSE against the %s target for the seeded t and ε (float64 reference)', (prediction) => {
    const x0 = new Rng(30).normalTensor([6, 4]);
    const denoise: Denoiser = (xt) => tf.mul(xt, 0.7);
    const loss = diffusionLoss({ schedule, denoise, x0, rng: new Rng(2), prediction });
    // the same draws, in the documented order: timesteps, then noise
    const rng = new Rng(2);
    const t = sampleTimesteps(rng, 6, schedule.steps);
    const noise = rng.normalTensor([6, 4]).dataSync();
    const x0Values = x0.dataSync();
    let sum = 0;
    x0Values.forEach((x, i) => {
      const alphaBar = schedule.alphasCumprod[t[Math.floor(i / 4)]!]!;
      const [a, b] = [Math.sqrt(alphaBar), Math.sqrt(1 - alphaBar)];
      const target = prediction === 'epsilon' ? noise[i]! : a * noise[i]! - b * x;
      sum += (0.7 * (a * x + b * noise[i]!) - target) ** 2;
    });
    expect(loss.dataSync()[0]).toBeCloseTo(sum / x0Values.length, 5);
    tf.dispose([x0, loss]);
  });

  it('gives gradients to the denoiser’s variables and leaks nothing', () => {
    const x0 = new Rng(31).normalTensor([4, 3]);
    const scale = tf.variable(tf.scalar(0.2));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => diffusionLoss({ schedule, denoise: (xt) => tf.mul(xt, scale), x0, rng: new Rng(5) }),
      [scale],
    );
    const gradient = grads[scale.name]!.dataSync()[0]!;
    expect(Number.isFinite(gradient) && gradient !== 0).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, scale]);
  });
});
