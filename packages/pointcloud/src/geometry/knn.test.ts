import { describe, expect, it } from 'vitest';
import { kNearestNeighboursWasm } from './geometry-wasm.js';
import { kNearestNeighbours, kNearestNeighboursJs } from './knn.js';
import type { PointCloudBatch } from './point-cloud-batch.js';
import { randomCloudBatch } from './random-clouds.js';

const { fround } = Math;

function squaredDistanceF32(clouds: PointCloudBatch, c: number, i: number, centres: PointCloudBatch, q: number): number {
  const [dx, dy, dz] = [0, 1, 2].map((axis) =>
    fround((clouds.points[(c * clouds.count + i) * 3 + axis] as number) - (centres.points[(c * centres.count + q) * 3 + axis] as number)),
  ) as [number, number, number];
  return fround(fround(fround(dx * dx) + fround(dy * dy)) + fround(dz * dz));
}

/** The obvious kNN: every point's float32 distance, a full sort by (distance, index), the first k. */
function bruteForceKnn(clouds: PointCloudBatch, centres: PointCloudBatch, k: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < clouds.batch; c++) {
    for (let q = 0; q < centres.count; q++) {
      const ranked = Array.from({ length: clouds.count }, (_, i) => ({ i, d: squaredDistanceF32(clouds, c, i, centres, q) }));
      ranked.sort((a, b) => a.d - b.d || a.i - b.i);
      out.push(...ranked.slice(0, k).map(({ i }) => i));
    }
  }
  return out;
}

/** A g×g×g integer grid in a shuffled order: many exactly equal distances, so ties decide who is in. */
function shuffledGrid(g: number): PointCloudBatch {
  const cells = Array.from({ length: g ** 3 }, (_, i) => [i % g, Math.floor(i / g) % g, Math.floor(i / g ** 2)]);
  const shuffled = cells.map((cell, i) => ({ cell, key: (i * 7919) % cells.length })).sort((a, b) => a.key - b.key);
  return { points: Float32Array.from(shuffled.flatMap(({ cell }) => cell)), batch: 1, count: cells.length };
}

describe('kNearestNeighbours', () => {
  it('equals brute force on random clouds, SIMD kernel and typed-array loop alike', () => {
    const clouds = randomCloudBatch(21, 2, 257);
    const centres = randomCloudBatch(22, 2, 33);
    for (const k of [1, 5, 16, 257]) {
      const expected = bruteForceKnn(clouds, centres, k);
      expect(Array.from(kNearestNeighbours(clouds, centres, k)), `k=${k}`).toEqual(expected);
      expect(Array.from(kNearestNeighboursJs(clouds, centres, k)), `k=${k}`).toEqual(expected);
    }
  });

  it('breaks distance ties by index, as brute force does', () => {
    const grid = shuffledGrid(6);
    const centres = { points: Float32Array.from([2, 2, 2, 0, 0, 0, 2.5, 3, 1]), batch: 1, count: 3 };
    for (const k of [4, 10, 22]) {
      const expected = bruteForceKnn(grid, centres, k);
      expect(Array.from(kNearestNeighbours(grid, centres, k)), `k=${k}`).toEqual(expected);
      expect(Array.from(kNearestNeighboursJs(grid, centres, k)), `k=${k}`).toEqual(expected);
    }
  });

  it('lists each centre’s neighbours nearest first', () => {
    const clouds = randomCloudBatch(23, 3, 600);
    const centres = randomCloudBatch(24, 3, 40);
    const neighbours = kNearestNeighbours(clouds, centres, 24);
    for (let row = 0; row < 3 * 40; row++) {
      const c = Math.floor(row / 40);
      const distances = Array.from(neighbours.subarray(row * 24, (row + 1) * 24), (i) => squaredDistanceF32(clouds, c, i, centres, row % 40));
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
    }
  });

  it('SIMD kernel matches the typed-array loop at every padding and k', () => {
    for (const [n, k] of [[1, 1], [2, 2], [5, 3], [6, 5], [7, 7], [9, 4], [130, 17], [1001, 32], [300, 200]] as const) {
      const clouds = randomCloudBatch(n, 2, n);
      const centres = randomCloudBatch(n + 1, 2, 9);
      expect(kNearestNeighboursWasm(clouds, centres, k), `n=${n} k=${k}`).toEqual(kNearestNeighboursJs(clouds, centres, k));
    }
  });

  it('names the bad argument with expected and actual values', () => {
    const clouds = randomCloudBatch(1, 2, 100);
    expect(() => kNearestNeighbours(clouds, randomCloudBatch(2, 2, 4), 101)).toThrow(
      "kNearestNeighbours: 'k' must be ≤ the cloud's 100 points; got 101",
    );
    expect(() => kNearestNeighbours(clouds, randomCloudBatch(2, 3, 4), 8)).toThrow(
      "kNearestNeighbours: 'centres' must have the clouds' batch of 2; got 3",
    );
    expect(() => kNearestNeighbours(clouds, randomCloudBatch(2, 2, 4), 2.5)).toThrow("'k' must be a positive integer; got 2.5");
  });
});
