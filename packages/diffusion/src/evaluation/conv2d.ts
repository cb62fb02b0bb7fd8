import { Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';

export interface Conv2dConfig {
  inChannels: number;
  outChannels: number;
  /** odd; stride 1 and 'same' padding keep the image size */
  kernelSize: number;
}

/**
 * A 2-D convolution over channels-last images [b, h, w, in] → [b, h, w, out], stride 1, zero 'same'
 * padding. Weight [k, k, in, out] (tfjs's filter layout) and bias [out], initialised as PyTorch's
 * nn.Conv2d: U(±1/√fan_in), fan_in = k²·in. tfjs's wasm backend has no Conv2DBackpropFilter kernel, so
 * the filter's gradient is computed here as a matrix product over image patches (im2col), which every
 * backend can differentiate; the forward pass and the input's gradient stay tfjs's own convolutions.
 */
export class Conv2d extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(readonly config: Conv2dConfig, rng: Rng) {
    super();
    const { inChannels, outChannels, kernelSize } = config;
    for (const [name, value] of Object.entries(config)) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`Conv2d: ${name} must be a positive integer, got ${value}`);
    }
    if (kernelSize % 2 === 0) throw new Error(`Conv2d: kernelSize must be odd ('same' padding), got ${kernelSize}`);
    const bound = 1 / Math.sqrt(kernelSize * kernelSize * inChannels);
    this.weight = this.parameter('weight', rng.uniformTensor([kernelSize, kernelSize, inChannels, outChannels], -bound, bound));
    this.bias = this.parameter('bias', rng.uniformTensor([outChannels], -bound, bound));
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const channels = x.shape[3];
    if (x.rank !== 4 || channels !== this.config.inChannels) {
      throw new Error(`Conv2d: expected images [b, h, w, ${this.config.inChannels}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => tf.add(convolve(x, this.weight as tf.Tensor4D), this.bias));
  }
}

/** tf.conv2d (stride 1, 'same') with the filter gradient taken as patchesᵀ · dy. */
const convolve = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, filter, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, filter]);
  return {
    value: tf.conv2d(x, filter, 1, 'same'),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, weight] = saved as [tf.Tensor4D, tf.Tensor4D];
      const [kernel, , inChannels, outChannels] = weight.shape;
      const patches = tf.reshape(imagePatches(input, kernel), [-1, kernel * kernel * inChannels]) as tf.Tensor2D;
      const filterGradient = tf.matMul(patches, tf.reshape(dy, [-1, outChannels]) as tf.Tensor2D, true, false);
      return [tf.conv2dTranspose(dy as tf.Tensor4D, weight, input.shape, 1, 'same'), tf.reshape(filterGradient, weight.shape)];
    },
  };
}) as (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D;

/**
 * The k×k neighbourhood of every pixel (zero-padded), [b, h, w, k·k·c] ordered (dy, dx, channel) as
 * the filter's [k, k, in] axes, so that patches · reshape(filter, [k²·in, out]) is the convolution.
 */
function imagePatches(x: tf.Tensor4D, kernel: number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const pad = (kernel - 1) / 2;
  const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
  const shifts: tf.Tensor4D[] = [];
  for (let dy = 0; dy < kernel; dy++) {
    for (let dx = 0; dx < kernel; dx++) shifts.push(tf.slice(padded, [0, dy, dx, 0], [batch, height, width, channels]));
  }
  return tf.concat(shifts, 3);
}
