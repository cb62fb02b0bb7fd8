import * as tf from '@tensorflow/tfjs';
import type { LabeledCloud } from '../data/point-cloud.js';
import type { PointModel } from '../models/classifier-types.js';
import { classificationMetrics } from './classification-metrics.js';
import type { ClassificationMetrics } from './classification-metrics.js';
import { evaluationClouds } from './cloud-batches.js';
import { disposeBatch, prepareBatch } from './point-inputs.js';

export interface EvaluateOptions {
  numClasses: number;
  /** clouds per forward pass (default 32) */
  batch?: number;
  /**
   * Test-time votes (default 1): vote 0 is the plain test cloud, each further vote a randomly scaled
   * and translated copy; the logits are averaged over votes (Point-BERT's validate_vote, 10 votes).
   */
  votes?: number;
  /** seed of the votes' augmentations (default 0) */
  seed?: number;
  /** called after each batch of each vote */
  onProgress?: (done: number, total: number) => void;
}

/** Summed logits [clouds, classes] of `model` over the votes, in evaluation mode. */
export async function voteLogits(model: PointModel, clouds: readonly LabeledCloud[], options: EvaluateOptions): Promise<Float32Array> {
  const { numClasses, batch = 32, votes = 1, seed = 0 } = options;
  if (!(Number.isInteger(votes) && votes >= 1)) throw new Error(`evaluate: votes must be a positive integer; got ${votes}`);
  const sums = new Float32Array(clouds.length * numClasses);
  const wasTraining = model.training;
  model.setTraining(false);
  const batches = Math.ceil(clouds.length / batch);
  try {
    for (let vote = 0; vote < votes; vote++) {
      for (let start = 0; start < clouds.length; start += batch) {
        const indices = Array.from({ length: Math.min(batch, clouds.length - start) }, (_, i) => start + i);
        const { batch: inputs } = prepareBatch(model, evaluationClouds(clouds, indices, model.config.npoints, vote, seed));
        try {
          const logits = tf.tidy(() => {
            const output = model.apply(inputs);
            const value = tf.clone(output.logits);
            tf.dispose(Object.values(output).filter((t): t is tf.Tensor => t !== undefined));
            return value;
          });
          let values: Float32Array;
          try {
            values = (await logits.data()) as Float32Array; // asynchronous: webgpu in Node has no synchronous read
          } finally {
            logits.dispose();
          }
          for (let i = 0; i < values.length; i++) sums[start * numClasses + i] = (sums[start * numClasses + i] as number) + (values[i] as number);
        } finally {
          disposeBatch(inputs);
        }
        options.onProgress?.(vote * batches + start / batch + 1, votes * batches);
      }
    }
  } finally {
    model.setTraining(wasTraining);
  }
  return sums;
}

/** Overall and mean class accuracy and the confusion matrix of `model` on labelled clouds (with voting). */
export async function evaluatePointModel(model: PointModel, clouds: readonly LabeledCloud[], options: EvaluateOptions): Promise<ClassificationMetrics> {
  const k = options.numClasses;
  const logits = await voteLogits(model, clouds, options);
  const predicted = clouds.map((_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if ((logits[i * k + c] as number) > (logits[i * k + best] as number)) best = c;
    return best;
  });
  return classificationMetrics(
    clouds.map((cloud) => cloud.label),
    predicted,
    k,
  );
}
