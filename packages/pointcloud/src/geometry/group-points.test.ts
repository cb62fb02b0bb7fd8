import { describe, expect, it } from 'vitest';
import { gatherPoints, groupPoints } from './group-points.js';
import { randomCloudBatch } from './random-clouds.js';

describe('groupPoints', () => {
  const clouds = randomCloudBatch(31, 2, 10);
  const point = (c: number, i: number): number[] => Array.from(clouds.points.subarray((c * 10 + i) * 3, (c * 10 + i + 1) * 3));

  it('gathers centres [b, m, 3] and neighbourhoods [b, m, k, 3] relative to their centre', () => {
    const centreIndices = Int32Array.from([3, 7, 0, 9]);
    const neighbourIndices = Int32Array.from([3, 1, 5, 7, 7, 2, 0, 4, 6, 9, 8, 9]);
    const { centres, neighbourhoods, groups, groupSize } = groupPoints(clouds, centreIndices, neighbourIndices);
    expect([centres.batch, centres.count, groups, groupSize]).toEqual([2, 2, 2, 3]);
    expect(Array.from(centres.points)).toEqual([...point(0, 3), ...point(0, 7), ...point(1, 0), ...point(1, 9)]);
    const expected = [0, 1].flatMap((c) =>
      [0, 1].flatMap((g) =>
        [0, 1, 2].flatMap((j) => {
          const centre = point(c, centreIndices[c * 2 + g] as number);
          return point(c, neighbourIndices[(c * 2 + g) * 3 + j] as number).map((v, axis) => Math.fround(v - (centre[axis] as number)));
        }),
      ),
    );
    expect(Array.from(neighbourhoods)).toEqual(expected);
    expect(Array.from(neighbourhoods.subarray(0, 3))).toEqual([0, 0, 0]);
  });

  it('names bad indices and lengths', () => {
    expect(() => gatherPoints(clouds, Int32Array.from([0, 10]))).toThrow("gatherPoints: 'indices'[1] must be a point index in [0, 10); got 10");
    expect(() => groupPoints(clouds, Int32Array.from([0, 1]), Int32Array.from([0, 1, 2]))).toThrow(
      "groupPoints: 'neighbourIndices' [2, 1, k] must have a positive multiple of 2 values; got 3",
    );
    expect(() => groupPoints(clouds, Int32Array.from([0, 1, 2]), new Int32Array(6))).toThrow(
      "groupPoints: 'centreIndices' [2, m] must have a positive multiple of 2 values; got 3",
    );
  });
});
