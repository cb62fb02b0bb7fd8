import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@hybridssm/core';

/**
 * The demo's synthetic sequence task: the input is white noise, the target is the input `lag` steps ago.
 * A model must carry information across time in its state to solve it; a memoryless one scores MSE 1.
 */
export interface DelayBatch {
  /** [b,l,1] */
  x: tf.Tensor;
  /** [b,l-lag] */
  target: tf.Tensor;
}

export function delayBatch(rng: Rng, batch: number, length: number, lag: number): DelayBatch {
  return tf.tidy(() => {
    const x = rng.normalTensor([batch, length, 1]);
    const target = tf.reshape(tf.slice(x, [0, 0, 0], [batch, length - lag, 1]), [batch, length - lag]);
    return { x, target };
  });
}
