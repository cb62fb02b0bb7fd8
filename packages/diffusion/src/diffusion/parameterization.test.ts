import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { qSample } from './forward-process.js';
import {
  epsilonFromV,
  epsilonFromX0,
  predictedX0,
  predictionTarget,
  vFromX0AndEpsilon,
  x0FromEpsilon,
  x0FromV,
} from './parameterization.js';
import type { PredictionType } from './parameterization.js';
import { noiseSchedule } from './schedules.js';

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('prediction parameterisations', () => {
  beforeAll(() => initBackend('cpu'));
  const schedule = noiseSchedule('cosine', 200);
  // mid-range timesteps: near t = T−1 the cosine ᾱ is ~1e-9 and x_0 from ε loses float32 precision
  const t = [3, 150, 77, 120];

  it('x_0, ε and v convert into each other and back', () => {
    tf.tidy(() => {
      const rng = new Rng(21);
      const x0 = rng.normalTensor([4, 2, 3]);
      const epsilon = rng.normalTensor([4, 2, 3]);
      const xt = qSample(schedule, x0, t, epsilon);
      const v = vFromX0AndEpsilon(schedule, x0, t, epsilon);
      expect(maxDifference(x0FromEpsilon(schedule, xt, t, epsilon), x0)).toBeLessThan(1e-4);
      expect(maxDifference(epsilonFromX0(schedule, xt, t, x0), epsilon)).toBeLessThan(1e-3);
      expect(maxDifference(x0FromV(schedule, xt, t, v), x0)).toBeLessThan(1e-5);
      expect(maxDifference(epsilonFromV(schedule, xt, t, v), epsilon)).toBeLessThan(1e-5);
      expect(maxDifference(predictedX0(schedule, 'v', xt, t, v), x0)).toBeLessThan(1e-5);
      expect(maxDifference(predictedX0(schedule, 'epsilon', xt, t, epsilon), x0)).toBeLessThan(1e-4);
      expect(maxDifference(predictionTarget(schedule, 'epsilon', x0, t, epsilon), epsilon)).toBe(0);
      expect(maxDifference(predictionTarget(schedule, 'v', x0, t, epsilon), v)).toBe(0);
    });
  });

  it('v is √ᾱ_t ε − √(1 − ᾱ_t) x_0 (float64 reference)', () => {
    tf.tidy(() => {
      const rng = new Rng(8);
      const x0 = rng.normalTensor([4, 5]);
      const epsilon = rng.normalTensor([4, 5]);
      const v = vFromX0AndEpsilon(schedule, x0, t, epsilon).dataSync();
      const [x0Values, epsilonValues] = [x0.dataSync(), epsilon.dataSync()];
      v.forEach((value, i) => {
        const alphaBar = schedule.alphasCumprod[t[Math.floor(i / 5)]!]!;
        expect(value).toBeCloseTo(Math.sqrt(alphaBar) * epsilonValues[i]! - Math.sqrt(1 - alphaBar) * x0Values[i]!, 6);
      });
    });
  });

  it('rejects an unknown prediction type and mismatched shapes, naming them', () => {
    tf.tidy(() => {
      const x = tf.zeros([4, 2]);
      expect(() => predictedX0(schedule, 'x0' as PredictionType, x, t, x)).toThrow(ArgumentError);
      expect(() => predictedX0(schedule, 'x0' as PredictionType, x, t, x)).toThrow(
        "predictedX0: argument 'prediction' must be one of 'epsilon', 'v'; got \"x0\"",
      );
      expect(() => x0FromV(schedule, x, t, tf.zeros([4, 3]))).toThrow("x0FromV: argument 'v' must be of shape [4,2]; got [4,3]");
    });
  });
});
