import * as tf from '@tensorflow/tfjs';
import { scaleChannels } from './channel-affine.js';
import { RmsNormDecode } from '../ops/decode-kernel-names.js';
import { fusedDecode } from './decode-support.js';
import { requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Module } from './module.js';

/** x / √(mean(x²) + ε) · w over the last axis (Zhang & Sennrich 2019); w starts at 1. */
export class RMSNorm extends Module {
  readonly weight: tf.Variable;

  constructor(readonly dim: number, readonly eps = 1e-5) {
    super();
    this.weight = this.parameter('weight', tf.ones([requirePositiveInteger('RMSNorm', 'dim', dim)]));
  }

  apply(x: tf.Tensor): tf.Tensor {
    requireLastDim('RMSNorm', 'x', x.shape, this.dim);
    return tf.tidy(() => scaleChannels(rmsNormalize(x, this.eps), this.weight));
  }

  /** `apply` for decode steps: one fused kernel on cpu and wasm (six tf ops elsewhere). */
  step(x: tf.Tensor): tf.Tensor {
    if (!fusedDecode(RmsNormDecode)) return this.apply(x);
    requireLastDim('RMSNorm', 'x', x.shape, this.dim);
    return tf.engine().runKernel(RmsNormDecode, { x, weight: this.weight }, { eps: this.eps }) as tf.Tensor;
  }
}

/** x / √(mean(x²) + ε) over the last axis. */
export function rmsNormalize(x: tf.Tensor, eps: number): tf.Tensor {
  return tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps)));
}
