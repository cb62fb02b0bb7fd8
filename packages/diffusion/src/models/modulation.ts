import { ArgumentError, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import type { BlockCondition } from './block-condition.js';
import { initZero } from './linear-init.js';
import { AdaLnProjection } from './timestep-embedding.js';

/** LayerNorm without affine parameters over the last axis (PixArt/DiT's norm1, norm2, norm_final: eps 1e-6). */
export function normalize(x: tf.Tensor, eps = 1e-6): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  });
}

/** DiT's `modulate` / PixArt's `t2i_modulate`: x·(1 + scale) + shift. */
export function modulate(x: tf.Tensor, shift: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.mul(x, tf.add(1, scale)), shift));
}

/** Where a block's six adaLN vectors (shift, scale, gate for the mixer, then for the MLP) come from. */
export interface BlockModulation extends Module {
  /** [b, 6, hidden] */
  vectors(condition: BlockCondition): tf.Tensor;
}

/**
 * PixArt-α's adaLN-single (§2.3): one `t_block` projection of the timestep shared by all blocks, plus a
 * learned per-block `scale_shift_table` [6, hidden], initialised N(0, 1/hidden) as in PixArt.
 */
export class ScaleShiftTable extends Module implements BlockModulation {
  private readonly table: tf.Variable;

  constructor(private readonly hidden: number, rng: Rng) {
    super();
    this.table = this.parameter('scale_shift_table', rng.normalTensor([6, hidden], 1 / Math.sqrt(hidden)));
  }

  vectors(condition: BlockCondition): tf.Tensor {
    const shared = condition.sharedModulation;
    if (shared === undefined) throw new ArgumentError("ScaleShiftTable: the block condition needs 'sharedModulation' (t_block of the timestep)");
    return tf.tidy(() => tf.add(tf.reshape(shared, [-1, 6, this.hidden]), this.table));
  }
}

/**
 * DiT's adaLN-Zero (Peebles & Xie 2023, §3.2): a per-block SiLU → Linear of the timestep embedding,
 * zero-initialised so that every gate starts at 0 and the block starts as the identity.
 */
export class AdaLnZero extends Module implements BlockModulation {
  private readonly projection: AdaLnProjection;

  constructor(private readonly hidden: number, rng: Rng) {
    super();
    this.projection = this.child('adaLN_modulation', new AdaLnProjection(hidden, 6, rng));
    initZero(this.projection);
  }

  vectors(condition: BlockCondition): tf.Tensor {
    return tf.tidy(() => tf.reshape(this.projection.apply(condition.timestep), [-1, 6, this.hidden]));
  }
}
