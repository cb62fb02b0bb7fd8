import { Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { argumentFailure } from '../diffusion/check-args.js';
import { FeedForward } from './feed-forward.js';
import { initNormal } from './linear-init.js';
import type { TextConditioning } from './text-encoder.js';

export interface CaptionEmbedderConfig {
  textDim: number;
  /** the caption length L (the text encoder's maxTokens), the length of the null caption */
  textTokens: number;
  hidden: number;
}

/**
 * PixArt-α's CaptionEmbedder: caption tokens [b, L, textDim] → y_proj (Linear → tanh-GELU → Linear,
 * N(0, 0.02²) weights) → [b, L, hidden]; plus the learned null caption `y_embedding` [L, textDim]
 * (init N(0, 1/textDim)) in the text encoder's output space, which classifier-free guidance puts in
 * place of dropped captions. It lives here, not in the text encoder, so that any encoder plugs in.
 */
export class CaptionEmbedder extends Module {
  private readonly projection: FeedForward;
  private readonly nullTokens: tf.Variable;

  constructor(readonly config: CaptionEmbedderConfig, rng: Rng) {
    super();
    const { textDim, textTokens, hidden } = config;
    this.projection = this.child('y_proj', new FeedForward({ inFeatures: textDim, hiddenFeatures: hidden, outFeatures: hidden }, rng));
    initNormal(this.projection, 0.02, rng);
    this.nullTokens = this.parameter('y_embedding', rng.normalTensor([textTokens, textDim], 1 / Math.sqrt(textDim)));
  }

  /** caption tokens [b, L, textDim] → [b, L, hidden] */
  apply(tokens: tf.Tensor): tf.Tensor {
    return this.projection.apply(tokens);
  }

  /** The null caption for `batch` samples: y_embedding repeated, every token visible. */
  nullCaption(batch: number): TextConditioning {
    const { textTokens, textDim } = this.config;
    return tf.tidy(() => ({
      tokens: tf.tile(tf.reshape(this.nullTokens, [1, textTokens, textDim]), [batch, 1, 1]),
      mask: tf.ones([batch, textTokens]),
    }));
  }

  /**
   * Condition dropout (PixArt's token_drop; Dimba's class_dropout_prob 0.1): the captions of the samples
   * with `dropped[i]` replaced by the null caption. Differentiable in the null caption.
   */
  dropCaptions(text: TextConditioning, dropped: readonly boolean[]): TextConditioning {
    const { textTokens, textDim } = this.config;
    const b = dropped.length;
    if (text.tokens.rank !== 3 || text.tokens.shape[0] !== b || text.tokens.shape[1] !== textTokens || text.tokens.shape[2] !== textDim) {
      argumentFailure('CaptionEmbedder.dropCaptions', 'text.tokens', `of shape [b,L,textDim] = [${b},${textTokens},${textDim}] (b = dropped.length)`, `[${text.tokens.shape.join(',')}]`);
    }
    if (text.mask.rank !== 2 || text.mask.shape[0] !== b || text.mask.shape[1] !== textTokens) {
      argumentFailure('CaptionEmbedder.dropCaptions', 'text.mask', `of shape [b,L] = [${b},${textTokens}]`, `[${text.mask.shape.join(',')}]`);
    }
    const keep = Float32Array.from(dropped, (drop) => (drop ? 0 : 1));
    return tf.tidy(() => {
      const nullCaption = this.nullCaption(b);
      const keepRows = tf.tensor1d(keep);
      const mix = (caption: tf.Tensor, none: tf.Tensor, shape: number[]) => {
        const k = tf.reshape(keepRows, shape);
        return tf.add(tf.mul(caption, k), tf.mul(none, tf.sub(1, k)));
      };
      return { tokens: mix(text.tokens, nullCaption.tokens, [b, 1, 1]), mask: mix(text.mask, nullCaption.mask, [b, 1]) };
    });
  }
}
