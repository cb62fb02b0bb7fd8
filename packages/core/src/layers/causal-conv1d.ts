import * as tf from '@tensorflow/tfjs';
import { causalConv1d, hasCausalConv1dKernel } from '../ops/causal-conv1d.js';
import { causalConv1dComposite, convTaps } from './causal-conv1d-composite.js';
import { fanInUniform } from './init.js';
import { layerError, requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Module } from './module.js';
import type { Rng } from '../util/random.js';

export interface CausalConv1dConfig {
  channels: number;
  kernelSize: number;
  /** default true */
  bias?: boolean;
}

/**
 * Depthwise causal convolution over time (channels-last): y_t = Σ_j w[c, j] · x_{t−(k−1)+j} + b[c],
 * PyTorch's Conv1d(groups=channels, padding=k−1) truncated to the first l outputs, as in Mamba.
 * Weight [channels, 1, k] as in PyTorch, initialised U(−1/√k, 1/√k).
 */
export class CausalConv1d extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(readonly config: CausalConv1dConfig, rng: Rng) {
    super();
    const c = requirePositiveInteger('CausalConv1d', 'channels', config.channels);
    const k = requirePositiveInteger('CausalConv1d', 'kernelSize', config.kernelSize);
    this.weight = this.parameter('weight', fanInUniform(rng, [c, 1, k], k));
    this.bias = config.bias === false ? undefined : this.parameter('bias', fanInUniform(rng, [c], k));
  }

  /** x [b,l,c] → [b,l,c] */
  apply(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 3) layerError('CausalConv1d', `argument 'x' must have rank 3 [b,l,c]; got shape [${x.shape.join(',')}]`);
    requireLastDim('CausalConv1d', 'x', x.shape, this.config.channels);
    // Both forms keep only x for the gradient. The fused kernels (cpu, wasm) read x once and write y once;
    // the composition materialises k shifted copies of the padded input each way.
    const conv = hasCausalConv1dKernel() ? causalConv1d : causalConv1dComposite;
    return conv(x, this.weight, this.bias);
  }

  /** The decode step: x_t [b,c] with the previous k−1 inputs `window` [b,k−1,c] → y_t and the next window. */
  step(x: tf.Tensor, window: tf.Tensor): { y: tf.Tensor; window: tf.Tensor } {
    requireLastDim('CausalConv1d', 'x', x.shape, this.config.channels);
    return tf.tidy(() => {
      const full = tf.concat([window, tf.expandDims(x, 1)], 1); // [b,k,c]
      let y = tf.sum(tf.mul(full, convTaps(this.weight)), 1);
      if (this.bias !== undefined) y = tf.add(y, this.bias);
      const k = this.config.kernelSize;
      return { y, window: tf.slice(full, [0, 1, 0], [-1, k - 1, -1]) };
    });
  }
}
