import * as tf from '@tensorflow/tfjs';
import { Module } from '@hybridssm/core';

/**
 * Reversible instance normalisation (Kim et al. 2022): each series window is normalised by its own
 * mean and std over time before the model, and the prediction is mapped back; optional affine.
 */
export class RevIN extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(readonly channels: number, readonly eps = 1e-5) {
    super();
    this.weight = this.parameter('affine_weight', tf.ones([channels]));
    this.bias = this.parameter('affine_bias', tf.zeros([channels]));
  }

  /** x [b,l,c] → normalised x and the statistics to undo it. */
  normalize(x: tf.Tensor): { x: tf.Tensor; mean: tf.Tensor; std: tf.Tensor } {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, 1, true);
      const std = tf.sqrt(tf.add(variance, this.eps));
      return { x: tf.add(tf.mul(tf.div(tf.sub(x, mean), std), this.weight), this.bias), mean, std };
    });
  }

  /** y [b,h,c'] (c' = the last c' channels of the input) back to the data scale. */
  denormalize(y: tf.Tensor, mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const c = y.shape[2] as number;
      const last = (t: tf.Tensor) => tf.slice(t, [0, 0, this.channels - c], [-1, -1, c]);
      const weight = tf.slice(this.weight, [this.channels - c], [c]);
      const bias = tf.slice(this.bias, [this.channels - c], [c]);
      return tf.add(tf.mul(tf.div(tf.sub(y, bias), tf.add(weight, this.eps * this.eps)), last(std)), last(mean));
    });
  }
}
