import * as tf from '@tensorflow/tfjs';
import type { Denoiser, NoiseSchedule, PredictionType } from '../index.js';

/** Toy data: every element independently N(mean, std²). */
export interface GaussianData {
  mean: number;
  std: number;
}

/**
 * The exact (MMSE-optimal) denoiser for Gaussian data, in closed form. With a = √ᾱ_t, b = √(1 − ᾱ_t)
 * and x_t = a x_0 + b ε: Var(x_t) = a²s² + b², E[ε | x_t] = b (x_t − aμ) / Var(x_t) and
 * E[x_0 | x_t] = μ + a s² (x_t − aμ) / Var(x_t); v = a ε − b x_0. Written out here, not through the
 * package's conversions, so that tests check those against it.
 */
export function gaussianOracle(schedule: NoiseSchedule, data: GaussianData, prediction: PredictionType): Denoiser {
  return (xt, t) =>
    tf.tidy(() => {
      const values = (source: Float64Array) =>
        tf.tensor(Float32Array.from(t, (step) => source[step] as number), [t.length, ...xt.shape.slice(1).map(() => 1)]);
      const a = values(schedule.sqrtAlphasCumprod);
      const b = values(schedule.sqrtOneMinusAlphasCumprod);
      const variance = tf.add(tf.mul(tf.square(a), data.std ** 2), tf.square(b));
      const centred = tf.div(tf.sub(xt, tf.mul(a, data.mean)), variance);
      const epsilon = tf.mul(b, centred);
      if (prediction === 'epsilon') return epsilon;
      const x0 = tf.add(data.mean, tf.mul(tf.mul(a, data.std ** 2), centred));
      return tf.sub(tf.mul(a, epsilon), tf.mul(b, x0));
    });
}

/** Mean and (population) variance of all elements. */
export function moments(x: tf.Tensor): { mean: number; variance: number } {
  const values = Array.from(x.dataSync(), Number);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, variance };
}
