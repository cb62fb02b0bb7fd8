import { Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { initZero } from './linear-init.js';
import { modulate, normalize } from './modulation.js';

/**
 * PixArt-α's T2IFinalLayer: LayerNorm without affine, shift/scale = scale_shift_table [2, hidden] +
 * timestep embedding, then a Linear to p·p·channels per token, zero-initialised (DiT/PixArt) so that the
 * backbone predicts 0 at initialisation.
 */
export class T2IFinalLayer extends Module {
  private readonly table: tf.Variable;
  private readonly linear: Linear;

  constructor(hidden: number, outFeatures: number, rng: Rng) {
    super();
    this.table = this.parameter('scale_shift_table', rng.normalTensor([2, hidden], 1 / Math.sqrt(hidden)));
    this.linear = this.child('linear', new Linear({ inFeatures: hidden, outFeatures }, rng));
    initZero(this.linear);
  }

  /** x [b, n, hidden], timestep embedding [b, hidden] → [b, n, outFeatures] */
  apply(x: tf.Tensor, timestep: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [shift, scale] = tf.split(tf.add(tf.expandDims(this.table, 0), tf.expandDims(timestep, 1)), 2, 1) as [tf.Tensor, tf.Tensor];
      return this.linear.apply(modulate(normalize(x), shift, scale));
    });
  }
}
