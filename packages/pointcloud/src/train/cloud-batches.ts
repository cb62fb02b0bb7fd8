import { ArgumentError, Rng } from '@hybridssm/core';
import type { PointCloud } from '../data/point-cloud.js';
import { randomScaleAndTranslate } from '../geometry/augment.js';
import { farthestPointSampling } from '../geometry/fps.js';
import { gatherPoints } from '../geometry/group-points.js';
import { normalizeToUnitSphere } from '../geometry/normalize.js';
import type { PointCloudBatch } from '../geometry/point-cloud-batch.js';

// How Point-BERT's ModelNet pipeline (also PointMamba's and PoinTramba's runner_finetune) feeds clouds:
// training clouds are a random subset of `npoints` of each cloud's points (the reference takes FPS to
// 1,200 then a random 1,024; our copies already hold 1,024 sampled points), centred and scaled into the
// unit sphere, then PointcloudScaleAndTranslate; test clouds are the FPS subset, normalised, and
// augmented the same way only for the votes after the first.

/** Clouds `indices` of `clouds`, each cut to `npoints`, as one batch (not yet normalised). */
function stack(clouds: readonly PointCloud[], indices: readonly number[], npoints: number, pick: (cloud: PointCloud) => Float32Array): PointCloudBatch {
  const points = new Float32Array(indices.length * npoints * 3);
  indices.forEach((index, row) => {
    const cloud = clouds[index] as PointCloud;
    if (cloud.count < npoints) throw new ArgumentError(`cloud ${index} has ${cloud.count} points; the model samples ${npoints}`);
    points.set(pick(cloud), row * npoints * 3);
  });
  return { points, batch: indices.length, count: npoints };
}

/** A random subset of `npoints` of the cloud's points, in random order (all of them, shuffled, when npoints = count). */
function randomSubset(cloud: PointCloud, npoints: number, rng: Rng): Float32Array {
  const order = Array.from({ length: cloud.count }, (_, i) => i);
  for (let i = 0; i < npoints; i++) {
    const j = i + Math.floor(rng.uniform() * (cloud.count - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const out = new Float32Array(npoints * 3);
  for (let i = 0; i < npoints; i++) out.set(cloud.points.subarray((order[i] as number) * 3, (order[i] as number) * 3 + 3), i * 3);
  return out;
}

/** The first `npoints` of the cloud's farthest point sampling (the cloud itself when it has exactly npoints). */
function fpsSubset(cloud: PointCloud, npoints: number): Float32Array {
  if (cloud.count === npoints) return cloud.points;
  const one: PointCloudBatch = { points: cloud.points, batch: 1, count: cloud.count };
  return gatherPoints(one, farthestPointSampling(one, npoints)).points;
}

/** A training batch: random subsets, normalised, randomly scaled and translated; the same (indices, seed) give the same batch. */
export function trainingClouds(clouds: readonly PointCloud[], indices: readonly number[], npoints: number, seed: number): PointCloudBatch {
  const rng = new Rng(seed);
  return randomScaleAndTranslate(normalizeToUnitSphere(stack(clouds, indices, npoints, (cloud) => randomSubset(cloud, npoints, rng))), rng);
}

/** A test batch: FPS subsets, normalised; for vote v > 0 also scaled and translated with the stream (seed, v). */
export function evaluationClouds(clouds: readonly PointCloud[], indices: readonly number[], npoints: number, vote = 0, seed = 0): PointCloudBatch {
  const normalised = normalizeToUnitSphere(stack(clouds, indices, npoints, (cloud) => fpsSubset(cloud, npoints)));
  return vote === 0 ? normalised : randomScaleAndTranslate(normalised, new Rng(seed * 1009 + vote));
}

/**
 * The clouds of update `step` of an epoch-based run: each epoch is a permutation of the training set
 * drawn from (seed, epoch), cut into `batch`-sized slices with the remainder dropped (drop_last, as
 * the reference loaders). Depends only on (step, seed), so a resumed run sees the same batches.
 */
export function epochBatchIndices(size: number, batch: number, step: number, seed: number): number[] {
  const perEpoch = Math.floor(size / batch);
  if (perEpoch < 1) throw new ArgumentError(`the training set has ${size} clouds, fewer than one batch of ${batch}`);
  const epoch = Math.floor(step / perEpoch);
  const order = Array.from({ length: size }, (_, i) => i);
  const rng = new Rng(seed * 7919 + epoch);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const start = (step % perEpoch) * batch;
  return order.slice(start, start + batch);
}
