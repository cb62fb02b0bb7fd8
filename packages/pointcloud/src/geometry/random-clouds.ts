import { Rng } from '@hybridssm/core';
import type { PointCloudBatch } from './point-cloud-batch.js';

/** `batch` clouds of `count` points uniform in the cube [−1, 1)³, the same for the same seed (tests, benchmarks). */
export function randomCloudBatch(seed: number, batch: number, count: number): PointCloudBatch {
  const rng = new Rng(seed);
  return { points: Float32Array.from({ length: batch * count * 3 }, () => 2 * rng.uniform() - 1), batch, count };
}
