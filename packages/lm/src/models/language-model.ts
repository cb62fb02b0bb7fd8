import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Embedding, HybridStack, Linear, Module, countParameters, prefillStack } from '@hybridssm/core';
import type { Rng, StackCache } from '@hybridssm/core';
import { lmStackConfig } from './lm-config.js';
import type { LmConfig } from './lm-config.js';

/**
 * A language model in the shape of nanoGPT's model.py: token embedding → residual pre-norm blocks of a
 * layer pattern (Mamba-2, Mamba, attention, MLP: core's HybridStack) → final RMSNorm → output head,
 * untied from the embedding as in the paper (or tied, as nanoGPT). Generation runs on the stack's
 * caches: `prefill` reads a prompt in parallel chunks, `step` costs O(1) per Mamba layer and one cache
 * append per attention layer.
 */
export class LanguageModel extends Module {
  readonly embedding: Embedding;
  /** the blocks and the final norm */
  readonly backbone: HybridStack;
  /** absent when tied to the embedding */
  readonly lmHead: Linear | undefined;

  constructor(readonly config: LmConfig, rng: Rng) {
    super();
    this.embedding = this.child('embedding', new Embedding({ vocabSize: config.vocabSize, dim: config.dModel }, rng));
    this.backbone = this.child('backbone', new HybridStack(lmStackConfig(config), rng));
    this.lmHead = config.tieEmbeddings ? undefined : this.child('lm_head', new Linear({ inFeatures: config.dModel, outFeatures: config.vocabSize, bias: false }, rng));
  }

  /** Number of parameters (a tied head counts once, as nanoGPT's get_num_params). */
  numParameters(): number {
    return countParameters(this).total;
  }

  /** Hidden states [.., d] → logits [.., vocab]. */
  private head(h: tf.Tensor): tf.Tensor {
    if (this.lmHead !== undefined) return this.lmHead.apply(h);
    const d = this.config.dModel;
    const logits = tf.matMul(tf.reshape(h, [-1, d]) as tf.Tensor2D, this.embedding.weight as tf.Tensor2D, false, true);
    return tf.reshape(logits, [...h.shape.slice(0, -1), this.config.vocabSize]);
  }

  private checkTokens(name: string, tokens: tf.Tensor, rank: number): void {
    if (tokens.rank !== rank) throw new ArgumentError(`LanguageModel: '${name}' must have rank ${rank}; got shape [${tokens.shape.join(',')}]`);
    if (tokens.dtype !== 'int32') throw new ArgumentError(`LanguageModel: '${name}' must be int32 token ids; got ${tokens.dtype}`);
  }

  /** tokens [b,l] int32 → logits [b,l,vocab] */
  apply(tokens: tf.Tensor): tf.Tensor {
    this.checkTokens('tokens', tokens, 2);
    return tf.tidy(() => this.head(this.backbone.apply(this.embedding.apply(tokens))));
  }

  /**
   * Mean cross-entropy of predicting `targets` [b,l] from `tokens` [b,l]; with `mask` [b,l] (1 scored,
   * 0 not) the mean over the scored positions only (a recall task scores its answers).
   */
  loss(tokens: tf.Tensor, targets: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
    this.checkTokens('targets', targets, 2);
    return tf.tidy(() => {
      const v = this.config.vocabSize;
      const logProbs = tf.logSoftmax(tf.reshape(this.apply(tokens), [-1, v]));
      const picked = tf.sum(tf.mul(tf.oneHot(tf.reshape(targets, [-1]), v), logProbs), -1);
      if (mask === undefined) return tf.neg(tf.mean(picked)) as tf.Scalar;
      const weights = tf.reshape(mask, [-1]);
      return tf.neg(tf.div(tf.sum(tf.mul(picked, weights)), tf.maximum(tf.sum(weights), 1))) as tf.Scalar;
    });
  }

  /** Empty caches for `batch` sequences of up to `maxLen` positions. */
  initCache(batch: number, maxLen = this.config.maxSeqLen): StackCache {
    return this.backbone.initCache(batch, maxLen);
  }

  /** One token per sequence [b] int32 → next-token logits [b,vocab], advancing the caches. */
  step(token: tf.Tensor, cache: StackCache): tf.Tensor {
    this.checkTokens('token', token, 1);
    return tf.tidy(() => this.head(this.backbone.step(this.embedding.apply(token), cache)));
  }

  /**
   * Reads a prompt [b,s] into the caches `chunk` tokens at a time (parallel within a chunk) and returns
   * the logits after its last token [b,vocab]; `step` then continues the sequence.
   */
  prefill(prompt: tf.Tensor, cache: StackCache, chunk = 256): tf.Tensor {
    this.checkTokens('prompt', prompt, 2);
    return tf.tidy(() => this.head(prefillStack(this.backbone, this.embedding.apply(prompt), cache, chunk)));
  }
}
