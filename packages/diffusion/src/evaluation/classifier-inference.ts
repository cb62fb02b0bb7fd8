import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/image-batch.js';
import type { Attributes } from './attributes.js';
import type { FeatureMatrix } from './frechet-distance.js';
import type { ImageClassifier } from './image-classifier.js';

/** Images per forward pass unless the caller says otherwise. */
export const CLASSIFIER_BATCH = 100;

/** Images start…start+count−1 of a batch as a tensor [count, h, w, c]. */
export function imageBatchTensor(batch: ImageBatch, start: number, count: number): tf.Tensor4D {
  const pixels = batch.height * batch.width * batch.channels;
  return tf.tensor4d(batch.images.subarray(start * pixels, (start + count) * pixels), [count, batch.height, batch.width, batch.channels]);
}

/** Runs `compute` on successive chunks of the images and concatenates what it returns, row by row. */
async function mapInChunks(classifier: ImageClassifier, images: ImageBatch, batchSize: number, compute: (chunk: tf.Tensor4D) => tf.Tensor2D): Promise<FeatureMatrix & { values: Float32Array }> {
  const { height, width, channels } = classifier.config;
  if (images.height !== height || images.width !== width || images.channels !== channels) {
    throw new Error(`evaluation classifier: it takes ${height}×${width}×${channels} images, got ${images.height}×${images.width}×${images.channels}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`evaluation classifier: batch size must be a positive integer, got ${batchSize}`);
  const chunks: Float32Array[] = [];
  let columns = 0;
  for (let start = 0; start < images.count; start += batchSize) {
    const count = Math.min(batchSize, images.count - start);
    const output = tf.tidy(() => compute(imageBatchTensor(images, start, count)));
    columns = output.shape[1];
    chunks.push((await output.data()) as Float32Array);
    output.dispose();
  }
  const values = new Float32Array(images.count * columns);
  let offset = 0;
  for (const chunk of chunks) {
    values.set(chunk, offset);
    offset += chunk.length;
  }
  return { values, rows: images.count, columns };
}

/** The classifier's penultimate-layer features of each image, for the Fréchet distance. */
export function classifierFeatures(classifier: ImageClassifier, images: ImageBatch, batchSize = CLASSIFIER_BATCH): Promise<FeatureMatrix> {
  return mapInChunks(classifier, images, batchSize, (chunk) => classifier.features(chunk));
}

/** The classifier's prediction of every attribute of each image (each head's most likely class). */
export async function classifyImages(classifier: ImageClassifier, images: ImageBatch, batchSize = CLASSIFIER_BATCH): Promise<Attributes[]> {
  const { heads } = classifier.config;
  const predicted = await mapInChunks(classifier, images, batchSize, (chunk) =>
    tf.cast(tf.stack(classifier.logits(chunk).map((logits) => tf.argMax(logits, 1)), 1), 'float32') as tf.Tensor2D,
  );
  return Array.from({ length: images.count }, (_, i) =>
    Object.fromEntries(heads.map((head, h) => [head.name, head.classes[predicted.values[i * heads.length + h] as number] as string])),
  );
}
