import * as tf from '@tensorflow/tfjs';
import { scaleChannels } from './channel-affine.js';
import { requireDivisible, requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Module } from './module.js';
import { rmsNormalize } from './rms-norm.js';

/**
 * Mamba-2's RMSNormGated with norm_before_gate = False: y = RMSNorm(x · silu(z)) · w, normalised
 * within groups of `groupSize` channels (= d_inner / ngroups in Mamba-2).
 */
export class GatedRMSNorm extends Module {
  readonly weight: tf.Variable;

  constructor(readonly dim: number, readonly groupSize = dim, readonly eps = 1e-5) {
    super();
    requirePositiveInteger('GatedRMSNorm', 'dim', dim);
    requireDivisible('GatedRMSNorm', 'dim', dim, 'groupSize', groupSize);
    this.weight = this.parameter('weight', tf.ones([dim]));
  }

  apply(x: tf.Tensor, z: tf.Tensor): tf.Tensor {
    requireLastDim('GatedRMSNorm', 'x', x.shape, this.dim);
    requireLastDim('GatedRMSNorm', 'z', z.shape, this.dim);
    return tf.tidy(() => {
      const gated = tf.mul(x, tf.mul(z, tf.sigmoid(z)));
      const lead = x.shape.slice(0, -1);
      const groups = tf.reshape(gated, [...lead, this.dim / this.groupSize, this.groupSize]);
      return scaleChannels(tf.reshape(rmsNormalize(groups, this.eps), x.shape), this.weight);
    });
  }
}
