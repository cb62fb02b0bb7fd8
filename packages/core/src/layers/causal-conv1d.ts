import * as tf from '@tensorflow/tfjs';
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

  /** Taps [k, c]: row j multiplies x_{t−(k−1)+j}. */
  private taps(): tf.Tensor2D {
    return tf.transpose(tf.reshape(this.weight, [this.config.channels, this.config.kernelSize])) as tf.Tensor2D;
  }

  /** x [b,l,c] → [b,l,c] */
  apply(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 3) layerError('CausalConv1d', `argument 'x' must have rank 3 [b,l,c]; got shape [${x.shape.join(',')}]`);
    requireLastDim('CausalConv1d', 'x', x.shape, this.config.channels);
    // The gradient is written out (depthwiseGradients) so that it keeps only x: autodiff through the k
    // shifted products would keep the padded input, k slices of it and k products, each of x's size.
    const conv = tf.customGrad(((input: tf.Tensor, weight: tf.Tensor, ...rest: unknown[]) => {
      const save = rest[rest.length - 1] as tf.GradSaveFunc;
      save([input]);
      const gradFunc = (dy: tf.Tensor, [saved]: tf.Tensor[]) => this.depthwiseGradients(saved as tf.Tensor, dy);
      return { value: this.convolve(input), gradFunc };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (...inputs: tf.Tensor[]) => tf.Tensor;
    return this.bias === undefined ? conv(x, this.weight) : conv(x, this.weight, this.bias);
  }

  /** Σ_j tap_j · x shifted by j (+ bias). */
  private convolve(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [b, l, c] = x.shape as [number, number, number];
      const k = this.config.kernelSize;
      const padded = tf.pad(x, [[0, 0], [k - 1, 0], [0, 0]]);
      // Σ_j tap_j · x shifted by j; the bias is added by broadcasting (tf.broadcastTo is a Tile, whose
      // gradient slices once per repetition: b·l slices here).
      const terms = tf.unstack(this.taps()).map((tap, j) => tf.mul(tf.slice(padded, [0, j, 0], [b, l, c]), tap));
      const y = tf.addN(terms);
      return this.bias === undefined ? y : tf.add(y, this.bias);
    });
  }

  /**
   * Gradients of x, weight (and bias) for cotangent dy: dx_s = Σ_j w_j dy_{s+k−1−j} (the taps run over dy
   * padded after its end), dw_j = Σ_{b,t} dy_t x_{t−(k−1)+j}, dbias = Σ_{b,t} dy_t.
   */
  private depthwiseGradients(x: tf.Tensor, dy: tf.Tensor): tf.Tensor[] {
    return tf.tidy(() => {
      const [b, l, c] = x.shape as [number, number, number];
      const k = this.config.kernelSize;
      const taps = tf.unstack(this.taps());
      const dyPadded = tf.pad(dy, [[0, 0], [0, k - 1], [0, 0]]);
      const dx = tf.addN(taps.map((tap, j) => tf.mul(tf.slice(dyPadded, [0, k - 1 - j, 0], [b, l, c]), tap)));
      const xPadded = tf.pad(x, [[0, 0], [k - 1, 0], [0, 0]]);
      const dTaps = tf.stack(taps.map((_, j) => tf.sum(tf.mul(dy, tf.slice(xPadded, [0, j, 0], [b, l, c])), [0, 1]))); // [k,c]
      const dWeight = tf.reshape(tf.transpose(dTaps), [c, 1, k]);
      return this.bias === undefined ? [dx, dWeight] : [dx, dWeight, tf.sum(dy, [0, 1])];
    });
  }

  /** The decode step: x_t [b,c] with the previous k−1 inputs `window` [b,k−1,c] → y_t and the next window. */
  step(x: tf.Tensor, window: tf.Tensor): { y: tf.Tensor; window: tf.Tensor } {
    requireLastDim('CausalConv1d', 'x', x.shape, this.config.channels);
    return tf.tidy(() => {
      const full = tf.concat([window, tf.expandDims(x, 1)], 1); // [b,k,c]
      let y = tf.sum(tf.mul(full, this.taps()), 1);
      if (this.bias !== undefined) y = tf.add(y, this.bias);
      const k = this.config.kernelSize;
      return { y, window: tf.slice(full, [0, 1, 0], [-1, k - 1, -1]) };
    });
  }
}
