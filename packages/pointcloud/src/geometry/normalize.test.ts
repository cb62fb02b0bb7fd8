import { describe, expect, it } from 'vitest';
import { normalizeToUnitSphere } from './normalize.js';
import { randomCloudBatch } from './random-clouds.js';

describe('normalizeToUnitSphere', () => {
  it('centres each cloud at its centroid and scales its farthest point to norm 1', () => {
    const raw = randomCloudBatch(51, 3, 300);
    const clouds = { ...raw, points: raw.points.map((v, i) => 5 * v + ([3, -7, 11][Math.floor(i / 900)] as number)) };
    const before = clouds.points.slice();
    const normalized = normalizeToUnitSphere(clouds);
    expect(clouds.points).toEqual(before);
    for (let c = 0; c < 3; c++) {
      const cloud = normalized.points.subarray(c * 900, (c + 1) * 900);
      const centroid = [0, 1, 2].map((axis) => cloud.filter((_, i) => i % 3 === axis).reduce((a, b) => a + b, 0) / 300);
      for (const mean of centroid) expect(Math.abs(mean)).toBeLessThan(1e-6);
      const norms = Array.from({ length: 300 }, (_, i) => Math.hypot(cloud[3 * i] as number, cloud[3 * i + 1] as number, cloud[3 * i + 2] as number));
      expect(Math.max(...norms)).toBeCloseTo(1, 6);
    }
  });

  it('names the cloud and point of a non-finite coordinate, and rejects a cloud with no extent', () => {
    const clouds = randomCloudBatch(52, 2, 10);
    const points = clouds.points.slice();
    points[(10 + 4) * 3 + 2] = Number.POSITIVE_INFINITY;
    expect(() => normalizeToUnitSphere({ ...clouds, points })).toThrow(
      "normalizeToUnitSphere: 'clouds' cloud 1 point 4 must have finite coordinates; got z = Infinity",
    );
    const collapsed = { points: Float32Array.from([1, 2, 3, 1, 2, 3]), batch: 1, count: 2 };
    expect(() => normalizeToUnitSphere(collapsed)).toThrow(
      'normalizeToUnitSphere: cloud 0 has all its 2 points at one location, so it cannot be scaled to the unit sphere',
    );
    expect(() => normalizeToUnitSphere({ points: new Float32Array(0), batch: 1, count: 0 })).toThrow(
      "normalizeToUnitSphere: 'clouds' must hold at least one point per cloud; got count 0",
    );
  });
});
