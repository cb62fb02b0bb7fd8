import { Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { initNormal } from './linear-init.js';

/** DiT's frequency_embedding_size. */
export const TIMESTEP_FREQUENCIES = 256;
const MAX_PERIOD = 10_000;

/**
 * DiT's sinusoidal timestep features: t [b] → [cos(t·ω_0) … cos(t·ω_{k−1}), sin(t·ω_0) … sin(t·ω_{k−1})]
 * [b, dim], k = dim/2, ω_i = 10000^(−i/k).
 */
export function timestepFeatures(t: tf.Tensor, dim = TIMESTEP_FREQUENCIES): tf.Tensor {
  const half = dim / 2;
  const frequencies = Float32Array.from({ length: half }, (_, i) => Math.exp((-Math.log(MAX_PERIOD) * i) / half));
  return tf.tidy(() => {
    const angles = tf.mul(tf.reshape(tf.cast(t, 'float32'), [-1, 1]), tf.tensor2d(frequencies, [1, half]));
    return tf.concat([tf.cos(angles), tf.sin(angles)], 1);
  });
}

function silu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

/**
 * DiT's TimestepEmbedder: t [b] → sinusoidal features (256) → Linear → SiLU → Linear → [b, hidden].
 * Weights N(0, 0.02²), biases 0, as DiT and PixArt-α initialise it.
 */
export class TimestepEmbedder extends Module {
  private readonly fc1: Linear;
  private readonly fc2: Linear;

  constructor(readonly hidden: number, rng: Rng) {
    super();
    this.fc1 = this.child('fc1', new Linear({ inFeatures: TIMESTEP_FREQUENCIES, outFeatures: hidden }, rng));
    this.fc2 = this.child('fc2', new Linear({ inFeatures: hidden, outFeatures: hidden }, rng));
    initNormal(this, 0.02, rng);
  }

  apply(t: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.apply(silu(this.fc1.apply(timestepFeatures(t)))));
  }
}

/**
 * SiLU → Linear(hidden, vectors·hidden): PixArt-α's `t_block` (6 vectors, shared by every block) and
 * DiT's per-block `adaLN_modulation`. The caller initialises it (t_block N(0, 0.02²), DiT's zero).
 */
export class AdaLnProjection extends Module {
  private readonly linear: Linear;

  constructor(hidden: number, vectors: number, rng: Rng) {
    super();
    this.linear = this.child('linear', new Linear({ inFeatures: hidden, outFeatures: vectors * hidden }, rng));
  }

  /** timestep embedding [b, hidden] → [b, vectors·hidden] */
  apply(timestep: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.linear.apply(silu(timestep)));
  }
}
