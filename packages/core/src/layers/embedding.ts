import * as tf from '@tensorflow/tfjs';
import { DerivedTensor, decodeWithTransposedWeights } from './decode-support.js';
import { layerError, requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Module } from './module.js';
import type { Rng } from '../util/random.js';

export interface EmbeddingConfig {
  vocabSize: number;
  dim: number;
  /** init std, default 0.02 (the Mamba and Megatron reference init) */
  initStd?: number;
}

/**
 * Token ids [..] (int32) → vectors [.., dim]. The gradient is a one-hot matmul rather than tfjs's
 * gather gradient, whose UnsortedSegmentSum kernel the wasm backend lacks.
 */
export class Embedding extends Module {
  readonly weight: tf.Variable;
  private readonly transposed = new DerivedTensor();

  constructor(readonly config: EmbeddingConfig, rng: Rng) {
    super();
    const vocab = requirePositiveInteger('Embedding', 'vocabSize', config.vocabSize);
    const dim = requirePositiveInteger('Embedding', 'dim', config.dim);
    this.weight = this.parameter('weight', rng.normalTensor([vocab, dim], config.initStd ?? 0.02));
  }

  apply(ids: tf.Tensor): tf.Tensor {
    if (ids.dtype !== 'int32') layerError('Embedding', `argument 'ids' must have dtype int32; got ${ids.dtype}`);
    const { vocabSize, dim } = this.config;
    const lookup = tf.customGrad(((table: tf.Tensor, indices: tf.Tensor, save: tf.GradSaveFunc) => {
      save([indices]);
      const value = tf.reshape(tf.gather(table, tf.reshape(indices, [-1])), [...indices.shape, dim]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const oneHot = tf.cast(tf.oneHot(tf.reshape(saved[0] as tf.Tensor, [-1]), vocabSize), 'float32') as tf.Tensor2D;
        return [tf.matMul(oneHot, tf.reshape(dy, [-1, dim]) as tf.Tensor2D, true, false), tf.zerosLike(saved[0] as tf.Tensor)];
      };
      return { value, gradFunc };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return lookup(this.weight, ids);
  }

  /**
   * The tied output head: x [..., dim] → logits x · weightᵀ [..., vocab]. Differentiable (one matmul)
   * while gradients are recorded; otherwise, on wasm, it multiplies by a transposed copy of the table
   * kept between calls, as `Linear.step` does (a decode step's head: ~0.5 ms → ~0.05 ms at 256×256).
   */
  attend(x: tf.Tensor): tf.Tensor {
    const { vocabSize, dim } = this.config;
    requireLastDim('Embedding', 'x', x.shape, dim);
    return tf.tidy(() => {
      const flat = (x.rank === 2 ? x : tf.reshape(x, [-1, dim])) as tf.Tensor2D;
      const logits = decodeWithTransposedWeights()
        ? tf.matMul(flat, this.transposed.get([this.weight], () => tf.transpose(this.weight)) as tf.Tensor2D)
        : tf.matMul(flat, this.weight as tf.Tensor2D, false, true);
      return x.rank === 2 ? logits : tf.reshape(logits, [...x.shape.slice(0, -1), vocabSize]);
    });
  }

  override dispose(): void {
    this.transposed.dispose();
    super.dispose();
  }
}
