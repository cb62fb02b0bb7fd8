import { Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import type { AttributeHead } from './attributes.js';
import { Conv2d } from './conv2d.js';

/** The evaluation classifier's shape; saved in its checkpoint, so loadModel rebuilds it. */
export interface ImageClassifierConfig {
  height: number;
  width: number;
  channels: number;
  /** output channels of each stage: 3×3 convolution, ReLU, 2×2 max pooling */
  stageChannels: number[];
  /** size of the penultimate layer, the features of the Fréchet distance */
  featureSize: number;
  heads: AttributeHead[];
}

/** Options of imageClassifierConfig. */
export interface ImageClassifierOptions {
  height: number;
  width: number;
  channels: number;
  heads: readonly AttributeHead[];
  /** default 64 */
  featureSize?: number;
}

const KERNEL = 3;
/** Stages pool the image down to at most this side (at least two stages). */
const FINAL_SIDE = 8;

/**
 * A small CNN for images of the given size: stages of 16, 32, 64, 64, … channels until the image is at
 * most 8 pixels a side (28 → 7, 32 → 8, 64 → 8), at least two; the pooled map is flattened (not
 * averaged: where things are matters) into a 64-feature layer.
 */
export function imageClassifierConfig(options: ImageClassifierOptions): ImageClassifierConfig {
  const { height, width, channels, heads, featureSize = 64 } = options;
  const stages = Math.max(2, Math.ceil(Math.log2(Math.max(height, width) / FINAL_SIDE)));
  const stageChannels = Array.from({ length: stages }, (_, i) => Math.min(64, 16 * 2 ** i));
  return { height, width, channels, stageChannels, featureSize, heads: heads.map((head) => ({ name: head.name, classes: [...head.classes] })) };
}

/**
 * The evaluation classifier: images [b, h, w, c] in [−1, 1] → conv stages → flatten → features
 * (Linear + ReLU) → one linear head per attribute. Trained on real images, it scores generated ones:
 * prompt accuracy from its predictions, the Fréchet distance from its features.
 */
export class ImageClassifier extends Module {
  private readonly stages: Conv2d[];
  private readonly featureLayer: Linear;
  private readonly heads: Linear[];

  constructor(readonly config: ImageClassifierConfig, rng: Rng) {
    super();
    const { height, width, channels, stageChannels, featureSize, heads } = config;
    if (stageChannels.length === 0 || heads.length === 0 || heads.some((head) => head.classes.length < 2)) {
      throw new Error('ImageClassifier: needs at least one stage and one head, each head with at least two classes');
    }
    let [side, across, inChannels] = [height, width, channels];
    this.stages = stageChannels.map((outChannels, i) => {
      const conv = this.child(`stages.${i}`, new Conv2d({ inChannels, outChannels, kernelSize: KERNEL }, rng));
      [side, across, inChannels] = [Math.floor(side / 2), Math.floor(across / 2), outChannels];
      return conv;
    });
    if (side < 1 || across < 1) throw new Error(`ImageClassifier: ${height}×${width} images are too small for ${stageChannels.length} pooling stages`);
    this.featureLayer = this.child('features', new Linear({ inFeatures: side * across * inChannels, outFeatures: featureSize }, rng));
    this.heads = heads.map((head, i) => this.child(`heads.${i}`, new Linear({ inFeatures: featureSize, outFeatures: head.classes.length }, rng)));
  }

  /** The penultimate layer [b, featureSize] (after its ReLU). */
  features(images: tf.Tensor4D): tf.Tensor2D {
    const { height, width, channels } = this.config;
    if (images.rank !== 4 || images.shape[1] !== height || images.shape[2] !== width || images.shape[3] !== channels) {
      throw new Error(`ImageClassifier: expected images [b, ${height}, ${width}, ${channels}], got [${images.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      let x = images;
      for (const stage of this.stages) x = tf.maxPool(tf.relu(stage.apply(x)), 2, 2, 'valid');
      return tf.relu(this.featureLayer.apply(tf.reshape(x, [images.shape[0], -1]))) as tf.Tensor2D;
    });
  }

  /** Each head's logits [b, classes], in the order of config.heads. */
  logits(images: tf.Tensor4D): tf.Tensor2D[] {
    return tf.tidy(() => {
      const features = this.features(images);
      return this.heads.map((head) => head.apply(features) as tf.Tensor2D);
    });
  }

  /**
   * The mean over heads of each head's cross-entropy, averaged over the images that show its attribute.
   * labels: int32 [b, heads], ABSENT_LABEL (−1) where an image lacks the attribute.
   */
  loss(images: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar {
    if (labels.rank !== 2 || labels.shape[0] !== images.shape[0] || labels.shape[1] !== this.heads.length) {
      throw new Error(`ImageClassifier.loss: expected labels [${images.shape[0]}, ${this.heads.length}], got [${labels.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const perHead = tf.unstack(labels, 1);
      const losses = this.logits(images).map((logits, h) => {
        const label = perHead[h] as tf.Tensor1D;
        const present = tf.cast(tf.greaterEqual(label, 0), 'float32');
        const target = tf.oneHot(tf.maximum(label, tf.scalar(0, 'int32')) as tf.Tensor1D, logits.shape[1]);
        const crossEntropy = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1));
        return tf.div(tf.sum(tf.mul(crossEntropy, present)), tf.maximum(tf.sum(present), 1));
      });
      return tf.div(tf.addN(losses), losses.length) as tf.Scalar;
    });
  }
}
