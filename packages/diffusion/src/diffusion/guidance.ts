import * as tf from '@tensorflow/tfjs';
import { checkNonNegative, checkSameShape } from './check-args.js';
import type { Denoiser } from './denoiser.js';

/**
 * Classifier-free guidance (Ho & Salimans 2022, eq. 6): ε̃ = ε_u + s (ε_c − ε_u). s = 1 is the
 * conditional prediction, s = 0 the unconditional one. The combination's weights sum to 1, and x_0
 * and v are affine in ε at fixed (x_t, t), so it guides a v-predicting denoiser the same way.
 */
function combine(conditional: tf.Tensor, unconditional: tf.Tensor, scale: number): tf.Tensor {
  return tf.add(unconditional, tf.mul(scale, tf.sub(conditional, unconditional)));
}

/** Guidance from two calls: `denoiseConditional` (with the prompt) and `denoiseUnconditional` (null prompt). */
export function guided(denoiseConditional: Denoiser, denoiseUnconditional: Denoiser, scale: number): Denoiser {
  checkNonNegative('guided', 'scale', scale);
  return (xt, t) =>
    tf.tidy(() => {
      const conditional = denoiseConditional(xt, t);
      const unconditional = denoiseUnconditional(xt, t);
      checkSameShape('guided', 'unconditional prediction', unconditional, conditional);
      return combine(conditional, unconditional, scale);
    });
}

/**
 * Guidance from one call on a doubled batch: `denoisePair` gets x_t twice, [x_t; x_t] with
 * [t; t], and must condition the first half on the prompts and the second half on the null prompt.
 */
export function guidedBatched(denoisePair: Denoiser, scale: number): Denoiser {
  checkNonNegative('guidedBatched', 'scale', scale);
  return (xt, t) =>
    tf.tidy(() => {
      const doubled = tf.concat([xt, xt], 0);
      const both = denoisePair(doubled, [...t, ...t]);
      checkSameShape('guidedBatched', 'paired prediction', both, doubled);
      const [conditional, unconditional] = tf.split(both, 2, 0) as [tf.Tensor, tf.Tensor];
      return combine(conditional, unconditional, scale);
    });
}
