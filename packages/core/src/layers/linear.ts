import * as tf from '@tensorflow/tfjs';
import { fanInUniform } from './init.js';
import { requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Module } from './module.js';
import type { Rng } from '../util/random.js';

export interface LinearConfig {
  inFeatures: number;
  outFeatures: number;
  /** default true */
  bias?: boolean;
}

/**
 * y = x Wᵀ + b over the last axis. Weight [out, in] as in PyTorch's nn.Linear, initialised like it:
 * U(−1/√in, 1/√in) for weight and bias.
 */
export class Linear extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(readonly config: LinearConfig, rng: Rng) {
    super();
    const inFeatures = requirePositiveInteger('Linear', 'inFeatures', config.inFeatures);
    const outFeatures = requirePositiveInteger('Linear', 'outFeatures', config.outFeatures);
    this.weight = this.parameter('weight', fanInUniform(rng, [outFeatures, inFeatures], inFeatures));
    this.bias = config.bias === false ? undefined : this.parameter('bias', fanInUniform(rng, [outFeatures], inFeatures));
  }

  apply(x: tf.Tensor): tf.Tensor {
    requireLastDim('Linear', 'x', x.shape, this.config.inFeatures);
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, this.config.inFeatures]) as tf.Tensor2D;
      let y: tf.Tensor = tf.matMul(flat, this.weight as tf.Tensor2D, false, true);
      if (this.bias !== undefined) y = tf.add(y, this.bias);
      return tf.reshape(y, [...lead, this.config.outFeatures]);
    });
  }
}
