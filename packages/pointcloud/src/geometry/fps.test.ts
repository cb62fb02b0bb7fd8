import { describe, expect, it } from 'vitest';
import { farthestPointSampling, farthestPointSamplingJs } from './fps.js';
import { farthestPointSamplingWasm, GEOMETRY_KERNELS_PATH, loadGeometryKernels } from './geometry-wasm.js';
import type { PointCloudBatch } from './point-cloud-batch.js';
import { randomCloudBatch } from './random-clouds.js';

const { fround } = Math;

/** The obvious O(n²·m) farthest point sampling: all float32 pairwise distances, then min over the picks. */
function bruteForceFps(clouds: PointCloudBatch, m: number): number[] {
  const { points, batch, count: n } = clouds;
  const picked: number[] = [];
  for (let c = 0; c < batch; c++) {
    const at = (i: number, axis: number): number => points[(c * n + i) * 3 + axis] as number;
    const distance = (i: number, j: number): number => {
      const [dx, dy, dz] = [0, 1, 2].map((axis) => fround(at(i, axis) - at(j, axis))) as [number, number, number];
      return fround(fround(fround(dx * dx) + fround(dy * dy)) + fround(dz * dz));
    };
    const chosen = [0];
    while (chosen.length < m) {
      let best = -1;
      let bestDistance = -1;
      for (let i = 0; i < n; i++) {
        const nearest = Math.min(...chosen.map((j) => distance(i, j)));
        if (nearest > bestDistance) [best, bestDistance] = [i, nearest];
      }
      chosen.push(best);
    }
    picked.push(...chosen);
  }
  return picked;
}

describe('farthestPointSampling', () => {
  it('the SIMD module is built (pnpm --filter @hybridssm/pointcloud build:wasm)', () => {
    expect(loadGeometryKernels(), `${GEOMETRY_KERNELS_PATH} is missing`).toBeDefined();
  });

  it('equals brute force on random clouds, SIMD kernel and typed-array loop alike', () => {
    const clouds = randomCloudBatch(11, 3, 203);
    const expected = bruteForceFps(clouds, 37);
    expect(Array.from(farthestPointSampling(clouds, 37))).toEqual(expected);
    expect(Array.from(farthestPointSamplingJs(clouds, 37))).toEqual(expected);
  });

  it('starts at index 0 and picks distinct points', () => {
    const picked = farthestPointSampling(randomCloudBatch(12, 4, 500), 128);
    for (let c = 0; c < 4; c++) {
      const row = picked.subarray(c * 128, (c + 1) * 128);
      expect(row[0]).toBe(0);
      expect(new Set(row).size).toBe(128);
    }
  });

  it('SIMD kernel matches the typed-array loop at every padding, with duplicates and at m = n', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 130, 1001]) {
      const clouds = randomCloudBatch(n, 2, n);
      expect(farthestPointSamplingWasm(clouds, n), `n=${n}`).toEqual(farthestPointSamplingJs(clouds, n));
    }
    // 3 distinct locations, each 4 times: after those 3, picks repeat index 0.
    const points = Float32Array.from({ length: 36 }, (_, i) => [0, 1, 5][Math.floor(i / 3) % 3] as number);
    const duplicates = { points, batch: 1, count: 12 };
    expect(Array.from(farthestPointSamplingJs(duplicates, 6))).toEqual([0, 2, 1, 0, 0, 0]);
    expect(farthestPointSamplingWasm(duplicates, 6)).toEqual(farthestPointSamplingJs(duplicates, 6));
  });

  it('names the bad argument with expected and actual values', () => {
    const clouds = randomCloudBatch(1, 1, 1000);
    expect(() => farthestPointSampling(clouds, 1024)).toThrow("farthestPointSampling: 'count' must be ≤ the cloud's 1000 points; got 1024");
    expect(() => farthestPointSampling(clouds, 0)).toThrow("farthestPointSampling: 'count' must be a positive integer; got 0");
    const points = clouds.points.slice();
    points[3 * 17 + 1] = Number.NaN;
    expect(() => farthestPointSampling({ ...clouds, points }, 4)).toThrow(
      "farthestPointSampling: 'clouds' cloud 0 point 17 must have finite coordinates; got y = NaN",
    );
  });
});
