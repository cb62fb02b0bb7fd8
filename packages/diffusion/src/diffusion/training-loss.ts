import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { checkSameShape } from './check-args.js';
import type { Denoiser } from './denoiser.js';
import { qSample } from './forward-process.js';
import { predictionTarget } from './parameterization.js';
import type { PredictionType } from './parameterization.js';
import type { NoiseSchedule } from './schedules.js';

export interface DiffusionLossOptions {
  schedule: NoiseSchedule;
  denoise: Denoiser;
  /** clean data [b, …] */
  x0: tf.Tensor;
  /** draws the timesteps, then the noise */
  rng: Rng;
  /** default 'epsilon' */
  prediction?: PredictionType;
}

/** One timestep per sample, uniform over [0, T). */
export function sampleTimesteps(rng: Rng, batch: number, steps: number): number[] {
  return Array.from({ length: batch }, () => Math.floor(rng.uniform() * steps));
}

/**
 * The simple diffusion loss (DDPM eq. 14, for v-prediction Salimans & Ho 2022 §4): t ~ U{0, …, T−1}
 * per sample, ε ~ N(0, I), x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, and the mean squared error between the
 * denoiser's output at (x_t, t) and its target (ε or v). Call it inside the gradient computation.
 */
export function diffusionLoss(options: DiffusionLossOptions): tf.Scalar {
  const { schedule, denoise, x0, rng, prediction = 'epsilon' } = options;
  const t = sampleTimesteps(rng, x0.shape[0] as number, schedule.steps);
  return tf.tidy(() => {
    const noise = rng.normalTensor(x0.shape);
    const output = denoise(qSample(schedule, x0, t, noise), t);
    checkSameShape('diffusionLoss', 'denoiser output', output, x0);
    return tf.mean(tf.square(tf.sub(output, predictionTarget(schedule, prediction, x0, t, noise)))) as tf.Scalar;
  });
}
