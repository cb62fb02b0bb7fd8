import * as tf from '@tensorflow/tfjs';
import { requirePositive } from './validate.js';

/** Added to the norm before dividing, as torch.nn.utils.clip_grad_norm_ does. */
const NORM_EPSILON = 1e-6;

/**
 * Scales all gradients together so that their global L2 norm is at most `maxNorm`
 * (torch.nn.utils.clip_grad_norm_: coefficient maxNorm / (norm + 1e-6), applied only when below 1).
 * Returns new tensors in every case (clones when nothing is clipped) and the norm before clipping;
 * the caller disposes both the inputs and the outputs.
 */
export async function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): Promise<{ grads: Record<string, tf.Tensor>; norm: number }> {
  requirePositive('maxNorm', maxNorm);
  const tensors = Object.values(grads);
  let norm = 0;
  if (tensors.length > 0) {
    const normTensor = tf.tidy(() => tf.sqrt(tf.addN(tensors.map((grad) => tf.sum(tf.square(grad))))));
    try {
      const [value] = await normTensor.data();
      norm = value ?? 0;
    } finally {
      normTensor.dispose();
    }
  }

  const coefficient = maxNorm / (norm + NORM_EPSILON);
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, grad] of Object.entries(grads)) {
    clipped[name] = coefficient < 1 ? tf.mul(grad, coefficient) : tf.clone(grad);
  }
  return { grads: clipped, norm };
}
