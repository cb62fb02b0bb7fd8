import * as tf from '@tensorflow/tfjs';
import { Embedding, HybridStack, Linear, Module } from '@hybridssm/core';
import type { HybridStackConfig, Rng, StackCache } from '@hybridssm/core';

export interface RecallModelConfig {
  vocabSize: number;
  stack: HybridStackConfig;
}

/** Token model: embedding → hybrid stack → linear head over the vocabulary. */
export class RecallModel extends Module {
  private readonly embedding: Embedding;
  readonly stack: HybridStack;
  private readonly head: Linear;

  constructor(readonly config: RecallModelConfig, rng: Rng) {
    super();
    const d = config.stack.dModel;
    this.embedding = this.child('embedding', new Embedding({ vocabSize: config.vocabSize, dim: d }, rng));
    this.stack = this.child('backbone', new HybridStack(config.stack, rng));
    this.head = this.child('lm_head', new Linear({ inFeatures: d, outFeatures: config.vocabSize, bias: false }, rng));
  }

  /** tokens [b,l] → logits [b,l,vocab] */
  apply(tokens: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.head.apply(this.stack.apply(this.embedding.apply(tokens))));
  }

  /** one token per sequence [b] → logits [b,vocab], advancing the recurrent caches */
  step(tokens: tf.Tensor, cache: StackCache): tf.Tensor {
    return tf.tidy(() => this.head.apply(this.stack.step(this.embedding.apply(tokens), cache)));
  }
}
