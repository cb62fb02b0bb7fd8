import * as tf from '@tensorflow/tfjs';
import { checkOneOf, checkSameShape } from './check-args.js';
import type { NoiseSchedule } from './schedules.js';
import { checkTimesteps, valuesAt } from './timestep-values.js';

/**
 * What a denoiser predicts from (x_t, t): the noise ε (DDPM), or the velocity
 * v = √ᾱ_t ε − √(1 − ᾱ_t) x_0 (Salimans & Ho 2022, §4).
 */
export const PREDICTION_TYPES = ['epsilon', 'v'] as const;
export type PredictionType = (typeof PREDICTION_TYPES)[number];

/**
 * With a_t = √ᾱ_t and b_t = √(1 − ᾱ_t) (so a² + b² = 1), x_t = a x_0 + b ε and v = a ε − b x_0; each
 * function below solves these two equations for one quantity. `t` has one timestep per sample.
 */
function coefficients(
  op: string,
  schedule: NoiseSchedule,
  t: readonly number[],
  x: tf.Tensor,
  [otherName, other]: [string, tf.Tensor],
): { a: tf.Tensor; b: tf.Tensor } {
  checkTimesteps(op, schedule, t, x.shape[0] as number);
  checkSameShape(op, otherName, other, x);
  return { a: valuesAt(schedule.sqrtAlphasCumprod, t, x.rank), b: valuesAt(schedule.sqrtOneMinusAlphasCumprod, t, x.rank) };
}

/** x_0 = (x_t − b ε) / a (DDPM eq. 4 solved for x_0). */
export function x0FromEpsilon(schedule: NoiseSchedule, xt: tf.Tensor, t: readonly number[], epsilon: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { a, b } = coefficients('x0FromEpsilon', schedule, t, xt, ['epsilon', epsilon]);
    return tf.div(tf.sub(xt, tf.mul(b, epsilon)), a);
  });
}

/** ε = (x_t − a x_0) / b. */
export function epsilonFromX0(schedule: NoiseSchedule, xt: tf.Tensor, t: readonly number[], x0: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { a, b } = coefficients('epsilonFromX0', schedule, t, xt, ['x0', x0]);
    return tf.div(tf.sub(xt, tf.mul(a, x0)), b);
  });
}

/** v = a ε − b x_0 (Salimans & Ho 2022, §4). */
export function vFromX0AndEpsilon(schedule: NoiseSchedule, x0: tf.Tensor, t: readonly number[], epsilon: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { a, b } = coefficients('vFromX0AndEpsilon', schedule, t, x0, ['epsilon', epsilon]);
    return tf.sub(tf.mul(a, epsilon), tf.mul(b, x0));
  });
}

/** x_0 = a x_t − b v. */
export function x0FromV(schedule: NoiseSchedule, xt: tf.Tensor, t: readonly number[], v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { a, b } = coefficients('x0FromV', schedule, t, xt, ['v', v]);
    return tf.sub(tf.mul(a, xt), tf.mul(b, v));
  });
}

/** ε = b x_t + a v. */
export function epsilonFromV(schedule: NoiseSchedule, xt: tf.Tensor, t: readonly number[], v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { a, b } = coefficients('epsilonFromV', schedule, t, xt, ['v', v]);
    return tf.add(tf.mul(b, xt), tf.mul(a, v));
  });
}

/** What a denoiser of type `prediction` should output for x_t = a x_0 + b ε: ε itself, or v. */
export function predictionTarget(
  schedule: NoiseSchedule,
  prediction: PredictionType,
  x0: tf.Tensor,
  t: readonly number[],
  epsilon: tf.Tensor,
): tf.Tensor {
  checkOneOf('predictionTarget', 'prediction', prediction, PREDICTION_TYPES);
  return prediction === 'epsilon' ? epsilon.clone() : vFromX0AndEpsilon(schedule, x0, t, epsilon);
}

/** The x_0 that a denoiser's output of type `prediction` at (x_t, t) implies. */
export function predictedX0(
  schedule: NoiseSchedule,
  prediction: PredictionType,
  xt: tf.Tensor,
  t: readonly number[],
  output: tf.Tensor,
): tf.Tensor {
  checkOneOf('predictedX0', 'prediction', prediction, PREDICTION_TYPES);
  return prediction === 'epsilon' ? x0FromEpsilon(schedule, xt, t, output) : x0FromV(schedule, xt, t, output);
}
