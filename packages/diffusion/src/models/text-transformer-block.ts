import { LayerNorm, Module, MultiHeadAttention } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { FeedForward } from './feed-forward.js';

/**
 * A pre-norm Transformer encoder block over caption tokens with a padding mask:
 * x + attn(LN x), then x + mlp(LN x). The self-attention is core's attention in its cross-attention
 * form with the normalised tokens as their own context, which gives it a key padding mask.
 */
export class TextTransformerBlock extends Module {
  private readonly norm1: LayerNorm;
  private readonly attention: MultiHeadAttention;
  private readonly norm2: LayerNorm;
  private readonly mlp: FeedForward;

  constructor(dim: number, heads: number, rng: Rng) {
    super();
    this.norm1 = this.child('norm1', new LayerNorm(dim));
    this.attention = this.child('attn', new MultiHeadAttention({ dModel: dim, numHeads: heads, contextDim: dim, bias: true }, rng));
    this.norm2 = this.child('norm2', new LayerNorm(dim));
    this.mlp = this.child('mlp', new FeedForward({ inFeatures: dim, hiddenFeatures: 4 * dim }, rng));
  }

  /** x [b, L, dim], mask [b, L] → [b, L, dim] */
  apply(x: tf.Tensor, mask: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const normed = this.norm1.apply(x);
      const attended = tf.add(x, this.attention.apply(normed, { context: normed, contextMask: mask }));
      return tf.add(attended, this.mlp.apply(this.norm2.apply(attended)));
    });
  }
}
