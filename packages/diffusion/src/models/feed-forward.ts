import { Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GELU's tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (PyTorch's approximate="tanh"). */
export function tanhGelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.square(x), x), 0.044715)), SQRT_2_OVER_PI);
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

export interface FeedForwardConfig {
  inFeatures: number;
  hiddenFeatures: number;
  /** default inFeatures */
  outFeatures?: number;
}

/** timm's Mlp as PixArt-α uses it: fc2(tanhGelu(fc1 x)), both with bias. */
export class FeedForward extends Module {
  private readonly fc1: Linear;
  private readonly fc2: Linear;

  constructor(config: FeedForwardConfig, rng: Rng) {
    super();
    const { inFeatures, hiddenFeatures, outFeatures = inFeatures } = config;
    this.fc1 = this.child('fc1', new Linear({ inFeatures, outFeatures: hiddenFeatures }, rng));
    this.fc2 = this.child('fc2', new Linear({ inFeatures: hiddenFeatures, outFeatures }, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.apply(tanhGelu(this.fc1.apply(x))));
  }
}
