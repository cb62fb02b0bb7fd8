import { Rng } from '@hybridssm/core';
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

/** `batch` clouds of `count` points made by `point` from one seeded generator. */
function cloudsFrom(seed: number, batch: number, count: number, point: (rng: Rng, i: number) => [number, number, number]): PointCloudBatch {
  const rng = new Rng(seed);
  const points = new Float32Array(batch * count * 3);
  for (let i = 0; i < batch * count; i++) points.set(point(rng, i % count), 3 * i);
  return { points, batch, count };
}

const uniform = (rng: Rng, scale = 1, shift = 0): [number, number, number] => [0, 1, 2].map(() => shift + scale * (2 * rng.uniform() - 1)) as [number, number, number];

/** The grid kernel's cases: the shapes of clouds a uniform grid handles worst, besides the cube. */
const CLOUD_KINDS: Record<string, (rng: Rng, i: number) => [number, number, number]> = {
  cube: (rng) => uniform(rng),
  // 9 in 10 points in a ball of radius 1e-3, the rest spread 1e5 times wider: nearly all in one cell
  clustered: (rng) => (rng.uniform() < 0.9 ? uniform(rng, 1e-3) : uniform(rng, 100)),
  // eight distinct locations, so most distances tie and the index decides
  duplicated: (rng) => [Math.floor(rng.uniform() * 2), Math.floor(rng.uniform() * 2), Math.floor(rng.uniform() * 2)],
  plane: (rng) => [2 * rng.uniform() - 1, 2 * rng.uniform() - 1, 0.5],
  line: (rng) => [rng.uniform(), 3, -2],
  // far from the origin, where float32 spacing (2^-10 at 10⁴) is coarse against the cloud's size
  offset: (rng) => uniform(rng, 1, 1e4),
  // squared distances that overflow float32 to +∞ (then only the index orders), or sink to subnormals
  huge: (rng) => uniform(rng, 1e20),
  tiny: (rng) => uniform(rng, 1e-21),
  // float32 subnormals, too close together for a float32 scale of slices per unit
  subnormal: (rng) => uniform(rng, 1e-39),
};

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

  it('grid kernel equals the typed-array loop on fresh random clouds of every kind', () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const rng = new Rng(seed);
    for (const [kind, point] of Object.entries(CLOUD_KINDS)) {
      for (const count of [1, 3, 50, 700]) {
        const clouds = cloudsFrom(rng.uniform() * 2 ** 31, 2, count, point);
        // half the centres cloud points, half anywhere around the cloud (some outside its bounding box)
        const indices = Int32Array.from({ length: 2 * 24 }, (_, i) => Math.floor(rng.uniform() * count) + (i >= 24 ? count : 0));
        const centres = { points: new Float32Array(2 * 24 * 3), batch: 2, count: 24 };
        indices.forEach((at, i) => {
          const jitter = i % 24 >= 12 ? uniform(rng, kind === 'clustered' ? 200 : 3) : [0, 0, 0];
          for (let axis = 0; axis < 3; axis++) centres.points[3 * i + axis] = (clouds.points[3 * at + axis] as number) + (jitter[axis] as number);
        });
        for (const k of new Set([1, Math.min(count, 4), Math.min(count, 16), count])) {
          expect(kNearestNeighboursWasm(clouds, centres, k), `seed ${seed}: ${kind} cloud of ${count}, k=${k}`).toEqual(kNearestNeighboursJs(clouds, centres, k));
        }
      }
    }
  });

  it('grid kernel equals the typed-array loop on 100,000-point clouds', () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    for (const kind of ['cube', 'clustered', 'plane'] as const) {
      const clouds = cloudsFrom(seed, 1, 100_000, CLOUD_KINDS[kind] as (rng: Rng, i: number) => [number, number, number]);
      const centres = { points: clouds.points.slice(0, 4 * 3), batch: 1, count: 4 };
      expect(kNearestNeighbours(clouds, centres, 32), `seed ${seed}: ${kind}`).toEqual(kNearestNeighboursJs(clouds, centres, 32));
    }
  });

  it('grid kernel reports coordinates that are not finite, wherever they are', () => {
    for (const [at, value] of [[0, Number.NaN], [11, Number.POSITIVE_INFINITY], [20, Number.NEGATIVE_INFINITY], [3 * 13 + 1, Number.NaN]] as const) {
      const clouds = randomCloudBatch(5, 2, 7);
      clouds.points[at] = value;
      expect(kNearestNeighboursWasm(clouds, randomCloudBatch(6, 2, 3), 2), `clouds[${at}] = ${value}`).toBeNull();
    }
    for (const at of [0, 8, 17]) {
      const centres = randomCloudBatch(6, 2, 3);
      centres.points[at] = Number.NaN;
      expect(kNearestNeighboursWasm(randomCloudBatch(5, 2, 7), centres, 2), `centres[${at}]`).toBeNull();
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
    const bad = randomCloudBatch(3, 2, 4);
    bad.points[7] = Number.NaN;
    expect(() => kNearestNeighbours(clouds, bad, 3)).toThrow("kNearestNeighbours: 'centres' cloud 0 point 2 must have finite coordinates; got y = NaN");
    clouds.points[3 * 150 + 2] = Number.POSITIVE_INFINITY;
    expect(() => kNearestNeighbours(clouds, randomCloudBatch(2, 2, 4), 3)).toThrow("'clouds' cloud 1 point 50 must have finite coordinates; got z = Infinity");
  });
});
