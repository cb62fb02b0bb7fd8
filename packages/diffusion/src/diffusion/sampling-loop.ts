import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { argumentFailure, checkOneOf, checkSameShape } from './check-args.js';
import type { Denoiser } from './denoiser.js';
import { PREDICTION_TYPES, predictedX0 } from './parameterization.js';
import type { PredictionType } from './parameterization.js';
import type { NoiseSchedule } from './schedules.js';

export interface SamplingProgress {
  /** sampling steps done, 1 … steps */
  step: number;
  steps: number;
  /** the training timestep just denoised */
  t: number;
}

/** What every sampler takes. */
export interface SamplerOptions {
  schedule: NoiseSchedule;
  denoise: Denoiser;
  /** shape of the batch to generate, [b, …] */
  shape: readonly number[];
  /** draws x_T, then each step's noise: the same seed gives the same samples */
  rng: Rng;
  /** what `denoise` predicts; default 'epsilon' */
  prediction?: PredictionType;
  /** clip each predicted x_0 to [−1, 1] (data scaled to that range); default false */
  clipDenoised?: boolean;
  onStep?: (progress: SamplingProgress) => void;
}

export function checkSamplerOptions(op: string, options: SamplerOptions): void {
  const { shape } = options;
  if (shape.length === 0 || shape.some((size) => !Number.isInteger(size) || size < 1)) {
    argumentFailure(op, 'shape', 'a non-empty list of integers ≥ 1', `[${shape.join(',')}]`);
  }
  checkOneOf(op, 'prediction', options.prediction ?? 'epsilon', PREDICTION_TYPES);
}

/** `t` for every sample of the batch `x`. */
export function batchTimesteps(x: tf.Tensor, t: number): number[] {
  return Array.from({ length: x.shape[0] as number }, () => t);
}

/** The denoiser's x̂_0 at (x_t, t), clipped to [−1, 1] when asked. */
export function denoisedX0(op: string, options: SamplerOptions, xt: tf.Tensor, t: number): tf.Tensor {
  const steps = batchTimesteps(xt, t);
  const output = options.denoise(xt, steps);
  checkSameShape(op, 'denoiser output', output, xt);
  const x0 = predictedX0(options.schedule, options.prediction ?? 'epsilon', xt, steps, output);
  return options.clipDenoised === true ? tf.clipByValue(x0, -1, 1) : x0;
}

/**
 * Starts from x_T ~ N(0, I) and applies `step` at each of `timesteps` (noisiest first), keeping only
 * the current x: nothing but the returned sample outlives the loop, nor anything when a step throws.
 */
export function runSamplingLoop(
  options: SamplerOptions,
  timesteps: readonly number[],
  step: (xt: tf.Tensor, t: number, index: number) => tf.Tensor,
): tf.Tensor {
  let x = options.rng.normalTensor([...options.shape]);
  try {
    timesteps.forEach((t, index) => {
      const next = tf.tidy(() => step(x, t, index));
      x.dispose();
      x = next;
      options.onStep?.({ step: index + 1, steps: timesteps.length, t });
    });
  } catch (error) {
    x.dispose();
    throw error;
  }
  return x;
}
