import * as tf from '@tensorflow/tfjs';
import { scaleShiftChannels } from './channel-affine.js';
import { requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Module } from './module.js';

/** (x − mean) / √(var + ε) · w + b over the last axis (Ba et al. 2016); w = 1, b = 0 at init. */
export class LayerNorm extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(readonly dim: number, readonly eps = 1e-5) {
    super();
    requirePositiveInteger('LayerNorm', 'dim', dim);
    this.weight = this.parameter('weight', tf.ones([dim]));
    this.bias = this.parameter('bias', tf.zeros([dim]));
  }

  apply(x: tf.Tensor): tf.Tensor {
    requireLastDim('LayerNorm', 'x', x.shape, this.dim);
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true);
      return scaleShiftChannels(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.eps))), this.weight, this.bias);
    });
  }
}
