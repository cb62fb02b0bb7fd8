import { describe, expect, it } from 'vitest';
import type { PointCloud } from '../data/point-cloud.js';
import { epochBatchIndices, evaluationClouds, trainingClouds } from './cloud-batches.js';

const cloud = (count: number, offset: number): PointCloud => ({ count, points: Float32Array.from({ length: count * 3 }, (_, i) => offset + Math.sin(i * 1.7) * 3) });

describe('cloud batches', () => {
  it('epochBatchIndices: each epoch a permutation cut into full batches (drop_last), reproducible per (step, seed)', () => {
    const size = 10;
    const batch = 3; // 3 updates an epoch, one cloud dropped
    const epoch = [0, 1, 2].flatMap((step) => epochBatchIndices(size, batch, step, 5));
    expect(new Set(epoch).size).toBe(9);
    expect(epoch.every((i) => i >= 0 && i < size)).toBe(true);
    expect(epochBatchIndices(size, batch, 1, 5)).toEqual(epochBatchIndices(size, batch, 1, 5));
    const next = [3, 4, 5].flatMap((step) => epochBatchIndices(size, batch, step, 5));
    expect(next).not.toEqual(epoch);
    expect(() => epochBatchIndices(2, 3, 0, 0)).toThrow(/fewer than one batch/);
  });

  it('trainingClouds: npoints of each cloud, in the unit sphere before scale/translate, same seed same batch', () => {
    const clouds = [cloud(20, 0), cloud(20, 10)];
    const a = trainingClouds(clouds, [1, 0], 16, 3);
    expect([a.batch, a.count, a.points.length]).toEqual([2, 16, 2 * 16 * 3]);
    expect(trainingClouds(clouds, [1, 0], 16, 3).points).toEqual(a.points);
    expect(trainingClouds(clouds, [1, 0], 16, 4).points).not.toEqual(a.points);
    expect(() => trainingClouds([cloud(8, 0)], [0], 16, 0)).toThrow(/has 8 points; the model samples 16/);
  });

  it('evaluationClouds: deterministic, unit sphere for vote 0 (farthest point on it), augmented for later votes', () => {
    const clouds = [cloud(32, 5)];
    const plain = evaluationClouds(clouds, [0], 16);
    expect(evaluationClouds(clouds, [0], 16).points).toEqual(plain.points);
    let farthest = 0;
    const centroid = [0, 1, 2].map((axis) => plain.points.filter((_, i) => i % 3 === axis).reduce((s, v) => s + v, 0) / 16);
    for (let p = 0; p < 16; p++) farthest = Math.max(farthest, Math.hypot(...[0, 1, 2].map((axis) => (plain.points[p * 3 + axis] as number) - (centroid[axis] as number))));
    expect(farthest).toBeLessThanOrEqual(1 + 1e-5);
    expect(evaluationClouds(clouds, [0], 16, 1).points).not.toEqual(plain.points);
  });
});
