import * as tf from '@tensorflow/tfjs';
import { ArgumentError } from '@hybridssm/core';
import type { LabeledCloud, PointCloud } from '../data/point-cloud.js';
import type { PointClassifierOutput, PointModel } from '../models/classifier-types.js';
import { evaluationClouds } from '../train/cloud-batches.js';
import { disposeBatch, prepareBatch } from '../train/point-inputs.js';
import { requireEnoughPoints } from './enough-points.js';

/** One class and the probability the model gives it. */
export interface ClassProbability {
  label: number;
  name: string;
  probability: number;
}

/** The FPS groups the model read: centre indices [g] and kNN indices [g, size] into the sampled cloud. */
export interface CloudGroups {
  centres: Int32Array;
  neighbours: Int32Array;
  size: number;
}

/** PoinTramba's view of the groups: predicted importance [g], each group's rank (0 = most important), and the token order of its Mamba stack (BIO: 2g). */
export interface GroupImportance {
  scores: Float32Array;
  ranks: Int32Array;
  order: Int32Array;
}

export interface CloudPrediction {
  /** the most probable classes, most probable first */
  top: ClassProbability[];
  /** every class's probability: softmax of the logits averaged over the votes */
  probabilities: Float32Array;
  /** the cloud as the model read it (vote 0): `config.npoints` FPS-sampled points, in the unit sphere */
  sampled: PointCloud;
  /** group-token models */
  groups?: CloudGroups;
  /** PoinTramba */
  importance?: GroupImportance;
}

export interface PredictOptions {
  /** test-time votes (default 1): vote 0 is the plain cloud, each further vote a randomly scaled and translated copy, as in evaluation */
  votes?: number;
  /** how many classes `top` lists (default 3, at most the class count) */
  top?: number;
  /** seed of the votes' augmentations (default 0) */
  seed?: number;
}

/**
 * Classifies one cloud with `model` in evaluation mode, as evaluatePointModel reads a test cloud: the
 * cloud's FPS subset of `config.npoints` points (clouds with fewer points are first padded by repeating
 * their points, which adds no new locations for FPS to pick), normalised to the unit sphere; with votes,
 * the logits are averaged over augmented copies. Also returns what the model saw, for rendering.
 */
export async function predictCloud(model: PointModel, cloud: PointCloud, classes: readonly string[], options: PredictOptions = {}): Promise<CloudPrediction> {
  const { votes = 1, seed = 0 } = options;
  if (classes.length !== model.numClasses) throw new ArgumentError(`predictCloud: ${classes.length} class names for a model of ${model.numClasses} classes`);
  if (!(Number.isInteger(votes) && votes >= 1)) throw new ArgumentError(`predictCloud: 'votes' must be a positive integer; got ${votes}`);
  const top = Math.min(options.top ?? 3, classes.length);
  if (!(Number.isInteger(top) && top >= 1)) throw new ArgumentError(`predictCloud: 'top' must be a positive integer; got ${options.top}`);
  requireEnoughPoints(cloud.count, model.config, "predictCloud: 'cloud'");
  const npoints = model.config.npoints;
  const input: LabeledCloud[] = [{ ...padTo(cloud, npoints), label: 0, name: 'cloud' }];
  const k = classes.length;
  const summed = new Float64Array(k);
  let seen: Omit<CloudPrediction, 'top' | 'probabilities'> | undefined;
  const wasTraining = model.training;
  model.setTraining(false);
  try {
    for (let vote = 0; vote < votes; vote++) {
      const clouds = evaluationClouds(input, [0], npoints, vote, seed);
      const prepared = prepareBatch(model, clouds);
      let output: PointClassifierOutput | undefined;
      try {
        output = model.apply(prepared.batch);
        (await output.logits.data()).forEach((value, c) => (summed[c] = (summed[c] as number) + value)); // no dataSync: webgpu in Node cannot
        if (vote === 0) {
          seen = { sampled: { points: clouds.points, count: npoints } };
          const { centreIndices, neighbourIndices } = prepared;
          if (centreIndices !== undefined && neighbourIndices !== undefined) {
            seen.groups = { centres: centreIndices, neighbours: neighbourIndices, size: neighbourIndices.length / centreIndices.length };
          }
          if (output.importance !== undefined && output.order !== undefined) {
            const scores = (await output.importance.data()) as Float32Array;
            seen.importance = { scores, ranks: descendingRanks(scores), order: (await output.order.data()) as Int32Array };
          }
        }
      } finally {
        tf.dispose(Object.values(output ?? {}).filter((t): t is tf.Tensor => t !== undefined));
        disposeBatch(prepared.batch);
      }
    }
  } finally {
    model.setTraining(wasTraining);
  }
  const probabilities = softmax(summed.map((s) => s / votes));
  const ranked = Array.from(probabilities, (probability, label) => ({ label, name: classes[label] as string, probability }));
  ranked.sort((a, b) => b.probability - a.probability || a.label - b.label);
  return { top: ranked.slice(0, top), probabilities, ...(seen as NonNullable<typeof seen>) };
}

/** The cloud itself when it has at least `count` points, else its points repeated cyclically up to `count`. */
function padTo(cloud: PointCloud, count: number): PointCloud {
  if (cloud.count >= count) return cloud;
  const points = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) points.set(cloud.points.subarray((i % cloud.count) * 3, (i % cloud.count) * 3 + 3), i * 3);
  return { points, count };
}

/** Each value's rank when sorted high → low (ties: lower index first). */
function descendingRanks(values: Float32Array): Int32Array {
  const order = Array.from(values, (_, i) => i).sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  const ranks = new Int32Array(values.length);
  order.forEach((index, rank) => (ranks[index] = rank));
  return ranks;
}

/** softmax with the maximum subtracted first, so large logits do not overflow. */
function softmax(logits: Float64Array): Float32Array {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return Float32Array.from(exps, (e) => e / total);
}
