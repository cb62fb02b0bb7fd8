import * as tf from '@tensorflow/tfjs';
import { addChannelBias } from './channel-affine.js';
import { DerivedTensor, decodeWithTransposedWeights } from './decode-support.js';
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
  private readonly transposed = new DerivedTensor();

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
      if (this.bias !== undefined) y = addChannelBias(y, this.bias);
      return tf.reshape(y, [...lead, this.config.outFeatures]);
    });
  }

  /**
   * The decode-step form of `apply` (same result): x [..., in] for one token. On wasm it multiplies by
   * a transposed copy of the weight kept between steps (see `decodeWithTransposedWeights`), rebuilt
   * when the weight is reassigned; elsewhere, and while gradients are recorded, it is `apply`.
   */
  step(x: tf.Tensor): tf.Tensor {
    if (!decodeWithTransposedWeights()) return this.apply(x);
    requireLastDim('Linear', 'x', x.shape, this.config.inFeatures);
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const weight = this.transposed.get([this.weight], () => tf.transpose(this.weight)) as tf.Tensor2D;
      const flat = x.rank === 2 ? x : tf.reshape(x, [-1, this.config.inFeatures]);
      let y: tf.Tensor = tf.matMul(flat as tf.Tensor2D, weight);
      if (this.bias !== undefined) y = tf.add(y, this.bias);
      return lead.length === 1 ? y : tf.reshape(y, [...lead, this.config.outFeatures]);
    });
  }

  override dispose(): void {
    this.transposed.dispose();
    super.dispose();
  }
}
