import type { PointSampling } from '../models/classifier-types.js';

/** The fewest points a cloud needs for a model with this sampling: one per FPS group, and a full kNN group (1 for PointNet). */
export function minimumPoints(sampling: PointSampling): number {
  return Math.max(sampling.numGroups ?? 1, sampling.groupSize ?? 1);
}

/** Throws `<where>: <n> points, fewer than …` when a cloud of `count` points is too small for the model. */
export function requireEnoughPoints(count: number, sampling: PointSampling, where: string): void {
  const needed = minimumPoints(sampling);
  if (count >= needed) return;
  const groups = sampling.numGroups === undefined ? '' : ` (${sampling.numGroups} groups of ${sampling.groupSize} points)`;
  throw new Error(`${where}: ${count} points, fewer than the ${needed} the model needs${groups}`);
}
