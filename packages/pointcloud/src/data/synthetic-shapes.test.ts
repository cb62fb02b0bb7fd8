import { describe, expect, it } from 'vitest';
import { SHAPE_NAMES } from './shape-surfaces.js';
import { syntheticShapes } from './synthetic-shapes.js';

/** Distances of the points from their centroid, divided by the largest. */
function normalisedRadii(points: Float32Array): number[] {
  const count = points.length / 3;
  const centroid = [0, 1, 2].map((axis) => points.filter((_, i) => i % 3 === axis).reduce((sum, v) => sum + v, 0) / count);
  const radii = Array.from({ length: count }, (_, p) => Math.hypot(...[0, 1, 2].map((axis) => points[p * 3 + axis]! - centroid[axis]!)));
  const largest = Math.max(...radii);
  return radii.map((r) => r / largest);
}

function spread(values: number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length) / mean;
}

describe('syntheticShapes', () => {
  it('makes perClass labelled clouds of each class, class by class', () => {
    const { classes, clouds } = syntheticShapes({ perClass: 2, points: 64, seed: 1, noise: 0.01 });
    expect(classes).toEqual([...SHAPE_NAMES]);
    expect(clouds.map((cloud) => cloud.label)).toEqual(SHAPE_NAMES.flatMap((_, label) => [label, label]));
    expect(clouds.slice(0, 2).map((cloud) => cloud.name)).toEqual(['sphere_0001', 'sphere_0002']);
    for (const cloud of clouds) {
      expect(cloud.count).toBe(64);
      expect(cloud.points.length).toBe(64 * 3);
      expect(cloud.points.every(Number.isFinite)).toBe(true);
    }
  });

  it('gives the same clouds for the same seed and others for another', () => {
    const options = { classes: ['torus', 'cone'] as const, perClass: 3, points: 32, seed: 5, noise: 0.02 };
    expect(syntheticShapes(options)).toEqual(syntheticShapes(options));
    expect(syntheticShapes({ ...options, seed: 6 }).clouds[0]!.points).not.toEqual(syntheticShapes(options).clouds[0]!.points);
  });

  it("keeps a sphere's radial spread below a cube's after normalisation", () => {
    const { clouds } = syntheticShapes({ classes: ['sphere', 'cube'], perClass: 5, points: 512, seed: 2, noise: 0 });
    const spreads = clouds.map((cloud) => spread(normalisedRadii(cloud.points)));
    const sphere = spreads.slice(0, 5);
    const cube = spreads.slice(5);
    expect(Math.max(...sphere)).toBeLessThan(0.1);
    expect(Math.max(...sphere)).toBeLessThan(Math.min(...cube));
  });

  it("leaves the torus's hole empty", () => {
    const { clouds } = syntheticShapes({ classes: ['torus'], perClass: 5, points: 512, seed: 3, noise: 0 });
    for (const cloud of clouds) expect(Math.min(...normalisedRadii(cloud.points))).toBeGreaterThan(0.25);
  });

  it('poses each cloud differently', () => {
    const { clouds } = syntheticShapes({ classes: ['cylinder'], perClass: 2, points: 256, seed: 4, noise: 0 });
    const centroid = (points: Float32Array) => [0, 1, 2].map((axis) => points.filter((_, i) => i % 3 === axis).reduce((s, v) => s + v, 0) / 256);
    const [a, b] = clouds.map((cloud) => centroid(cloud.points));
    expect(Math.hypot(...a!.map((v, i) => v - b![i]!))).toBeGreaterThan(0.05);
  });

  it('adds noise of the given size to the same underlying clouds', () => {
    const options = { classes: ['capsule', 'pyramid'] as const, perClass: 2, points: 400, seed: 8 };
    const clean = syntheticShapes({ ...options, noise: 0 }).clouds;
    const noisy = syntheticShapes({ ...options, noise: 0.05 }).clouds;
    noisy.forEach((cloud, c) => {
      const rms = Math.sqrt(cloud.points.reduce((sum, v, i) => sum + (v - clean[c]!.points[i]!) ** 2, 0) / cloud.points.length);
      // noise × size, the size being in [0.5, 2].
      expect(rms).toBeGreaterThan(0.05 * 0.5 * 0.9);
      expect(rms).toBeLessThan(0.05 * 2 * 1.1);
    });
  });

  it('rejects unknown shapes and bad counts', () => {
    expect(() => syntheticShapes({ classes: ['blob' as 'sphere'], perClass: 1, points: 1, seed: 0, noise: 0 })).toThrow(
      `syntheticShapes: unknown shape 'blob'; known: ${SHAPE_NAMES.join(', ')}`,
    );
    expect(() => syntheticShapes({ perClass: 0, points: 8, seed: 0, noise: 0 })).toThrow(
      'syntheticShapes: perClass and points must be positive integers, got 0 and 8',
    );
    expect(() => syntheticShapes({ perClass: 1, points: 8, seed: 0, noise: -1 })).toThrow('syntheticShapes: noise must be a finite number ≥ 0, got -1');
  });
});
