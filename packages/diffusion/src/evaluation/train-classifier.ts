import { AdamW, Rng, train, warmupCosine } from '@hybridssm/core';
import type { TrainOptions, TrainResult } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { encodeAttributes } from './attributes.js';
import type { AttributeImages } from './attributes.js';
import { CLASSIFIER_BATCH, classifyImages } from './classifier-inference.js';
import type { ImageClassifier } from './image-classifier.js';
import { promptAccuracy } from './prompt-accuracy.js';
import type { PromptAccuracy } from './prompt-accuracy.js';

/** How the evaluation classifier is trained; saved in its checkpoint. */
export interface ClassifierTrainingConfig {
  epochs: number;
  /** images per update */
  batch: number;
  /** peak learning rate (5% linear warmup, then cosine decay to 0) */
  learningRate: number;
  /** AdamW's on matrices and filters (none on biases); default 0.01 */
  weightDecay?: number;
  /** seeds the data order (and, where the caller builds it with it, the initial weights) */
  seed: number;
}

/** Core's loop options passed through. */
export type ClassifierTrainingOptions = Pick<TrainOptions, 'label' | 'quiet' | 'onStep' | 'logPath'>;

/** Stirs the epoch into the seed of its shuffle. */
const EPOCH_SEED_STRIDE = 1_000_003;

/**
 * Trains the evaluation classifier on real images with AdamW through core's loop: each epoch visits
 * the images in an order drawn from (seed, epoch), the last partial batch dropped; no augmentation. The
 * same seed and data give the same weights.
 */
export async function trainImageClassifier(classifier: ImageClassifier, data: AttributeImages, config: ClassifierTrainingConfig, options: ClassifierTrainingOptions = {}): Promise<TrainResult> {
  const { epochs, batch, learningRate, weightDecay = 0.01, seed } = config;
  if (!Number.isInteger(epochs) || epochs < 1 || !Number.isInteger(batch) || batch < 1) {
    throw new Error(`trainImageClassifier: epochs and batch must be positive integers, got ${epochs} and ${batch}`);
  }
  const pixels = data.height * data.width * data.channels;
  if (data.images.length !== data.count * pixels || data.attributes.length !== data.count) {
    throw new Error(`trainImageClassifier: ${data.count} images need ${data.count * pixels} pixel values and ${data.count} attribute sets, got ${data.images.length} and ${data.attributes.length}`);
  }
  const perEpoch = Math.floor(data.count / batch);
  if (perEpoch < 1) throw new Error(`trainImageClassifier: ${data.count} images are fewer than one batch of ${batch}`);
  const heads = classifier.config.heads.length;
  const labels = encodeAttributes(classifier.config.heads, data.attributes);
  const shuffle = { epoch: -1, order: [] as number[] };
  const batchIndices = (step: number): number[] => {
    const epoch = Math.floor(step / perEpoch);
    if (shuffle.epoch !== epoch) Object.assign(shuffle, { epoch, order: new Rng(seed * EPOCH_SEED_STRIDE + epoch).permutation(data.count) });
    const start = (step % perEpoch) * batch;
    return shuffle.order.slice(start, start + batch);
  };
  const total = perEpoch * epochs;
  const optimizer = new AdamW(classifier.parameters(), { learningRate, weightDecay });
  try {
    return await train({
      model: classifier,
      optimizer,
      steps: total,
      schedule: warmupCosine({ peakLearningRate: learningRate, warmupSteps: Math.round(total / 20), totalSteps: total }),
      // inside the loop's tidy: the batch tensors live until the gradients are taken
      loss: (step) => {
        const indices = batchIndices(step);
        const images = new Float32Array(indices.length * pixels);
        const batchLabels = new Int32Array(indices.length * heads);
        indices.forEach((index, i) => {
          images.set(data.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
          batchLabels.set(labels.subarray(index * heads, (index + 1) * heads), i * heads);
        });
        const imageTensor = tf.tensor4d(images, [indices.length, data.height, data.width, data.channels]);
        return classifier.loss(imageTensor, tf.tensor2d(batchLabels, [indices.length, heads], 'int32'));
      },
      label: 'evaluation classifier',
      ...options,
    });
  } finally {
    optimizer.dispose();
  }
}

/** The classifier's accuracy on labelled images: all attributes right, and per attribute (each over the images that show it). */
export async function classifierAccuracy(classifier: ImageClassifier, data: AttributeImages, batchSize = CLASSIFIER_BATCH): Promise<PromptAccuracy> {
  return promptAccuracy(await classifyImages(classifier, data, batchSize), data.attributes);
}
