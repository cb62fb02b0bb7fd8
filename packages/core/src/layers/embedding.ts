import * as tf from '@tensorflow/tfjs';
import { layerError, requirePositiveInteger } from './layer-errors.js';
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
}
