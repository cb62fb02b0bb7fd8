import { describe, expect, it } from 'vitest';
import { ballQuery } from './ball-query.js';
import type { PointCloudBatch } from './point-cloud-batch.js';
import { randomCloudBatch } from './random-clouds.js';

const { fround } = Math;

function squaredDistanceF32(clouds: PointCloudBatch, c: number, i: number, centres: PointCloudBatch, q: number): number {
  const [dx, dy, dz] = [0, 1, 2].map((axis) =>
    fround((clouds.points[(c * clouds.count + i) * 3 + axis] as number) - (centres.points[(c * centres.count + q) * 3 + axis] as number)),
  ) as [number, number, number];
  return fround(fround(fround(dx * dx) + fround(dy * dy)) + fround(dz * dz));
}

describe('ballQuery', () => {
  const clouds = randomCloudBatch(41, 2, 400);
  const centres = randomCloudBatch(42, 2, 25);

  it('takes the first k points inside the radius in index order, padding with the first found', () => {
    const radius = 0.3;
    const k = 8;
    const neighbours = ballQuery(clouds, centres, radius, k);
    let padded = 0;
    for (let row = 0; row < 2 * 25; row++) {
      const c = Math.floor(row / 25);
      const inside = Array.from({ length: 400 }, (_, i) => i).filter(
        (i) => squaredDistanceF32(clouds, c, i, centres, row % 25) < fround(radius * radius),
      );
      const found = inside.slice(0, k);
      const expected = [...found, ...new Array<number>(k - found.length).fill(found[0] ?? 0)];
      expect(Array.from(neighbours.subarray(row * k, (row + 1) * k)), `row ${row}`).toEqual(expected);
      if (found.length > 0 && found.length < k) padded++;
    }
    expect(padded, 'some balls hold fewer than k points, so padding is exercised').toBeGreaterThan(0);
  });

  it('returns index 0 throughout for a ball with no point (pointnet2_ops)', () => {
    const far = { points: Float32Array.from([9, 9, 9, 9, 9, 9]), batch: 2, count: 1 };
    expect(Array.from(ballQuery(clouds, far, 0.1, 3))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('names the bad argument', () => {
    expect(() => ballQuery(clouds, centres, 0, 4)).toThrow("ballQuery: 'radius' must be a finite number > 0; got 0");
    expect(() => ballQuery(clouds, centres, 0.2, 0)).toThrow("ballQuery: 'k' must be a positive integer; got 0");
  });
});
