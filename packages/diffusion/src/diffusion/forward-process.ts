import * as tf from '@tensorflow/tfjs';
import { checkSameShape } from './check-args.js';
import type { NoiseSchedule } from './schedules.js';
import { checkTimesteps, valuesAt } from './timestep-values.js';

/**
 * A sample of q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I): x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (DDPM eq. 4),
 * with its own timestep `t[i]` for each sample i of the batch `x0` [b, …].
 */
export function qSample(schedule: NoiseSchedule, x0: tf.Tensor, t: readonly number[], noise: tf.Tensor): tf.Tensor {
  checkTimesteps('qSample', schedule, t, x0.shape[0] as number);
  checkSameShape('qSample', 'noise', noise, x0);
  return tf.tidy(() =>
    tf.add(
      tf.mul(valuesAt(schedule.sqrtAlphasCumprod, t, x0.rank), x0),
      tf.mul(valuesAt(schedule.sqrtOneMinusAlphasCumprod, t, x0.rank), noise),
    ),
  );
}
