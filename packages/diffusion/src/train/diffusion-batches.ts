import { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import type { CaptionedImages } from '../data/image-batch.js';

/** Independent random streams of a training run, each seeded by (run seed, stream, index). */
export const TRAINING_STREAMS = { order: 1, loss: 2 } as const;

/** A 32-bit seed mixing (seed, stream, index) (murmur3's finaliser), so nearby triples give unrelated streams. */
export function streamSeed(seed: number, stream: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ stream, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ index, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The images of update `step`: each epoch visits the data in its own order, a permutation seeded by
 * (seed, epoch), `batch` at a time, dropping the remainder. A function of (seed, step) only, so that
 * a resumed run sees the same batches.
 */
export function diffusionBatchIndices(count: number, batch: number, step: number, seed: number): number[] {
  const perEpoch = Math.floor(count / batch);
  const order = new Rng(streamSeed(seed, TRAINING_STREAMS.order, Math.floor(step / perEpoch))).permutation(count);
  const start = (step % perEpoch) * batch;
  return order.slice(start, start + batch);
}

/** The images at `indices` as a tensor [b, h, w, c] and their captions. */
export function imageBatch(data: CaptionedImages, indices: readonly number[]): { images: tf.Tensor4D; captions: string[] } {
  const { height, width, channels } = data;
  const size = height * width * channels;
  const values = new Float32Array(indices.length * size);
  indices.forEach((index, row) => values.set(data.images.subarray(index * size, (index + 1) * size), row * size));
  return {
    images: tf.tensor4d(values, [indices.length, height, width, channels]),
    captions: indices.map((index) => data.captions[index] as string),
  };
}
