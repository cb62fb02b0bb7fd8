import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { SHAPE_NAMES, sampleShapeSurface } from './shape-surfaces.js';

/** Each shape's surface as an implicit equation: ~0 on the surface. */
const ON_SURFACE: Record<(typeof SHAPE_NAMES)[number], (x: number, y: number, z: number) => number> = {
  sphere: (x, y, z) => Math.hypot(x, y, z) - 1,
  cube: (x, y, z) => Math.max(Math.abs(x), Math.abs(y), Math.abs(z)) - 1,
  cylinder: (x, y, z) => Math.max(Math.hypot(x, y) - 1, Math.abs(z) - 1),
  cone: (x, y, z) => Math.max(Math.hypot(x, y) - (1 - z) / 2, -1 - z),
  torus: (x, y, z) => Math.hypot(Math.hypot(x, y) - 0.7, z) - 0.3,
  pyramid: (x, y, z) => Math.max(Math.abs(x) - (1 - z) / 2, Math.abs(y) - (1 - z) / 2, -1 - z),
  capsule: (x, y, z) => Math.hypot(x, y, Math.max(Math.abs(z) - 0.5, 0)) - 0.5,
  ellipsoid: (x, y, z) => Math.hypot(x, y / 0.6, z / 0.35) - 1,
};

describe('sampleShapeSurface', () => {
  it.each(SHAPE_NAMES)('puts every %s point on its surface, within [-1, 1]³', (shape) => {
    const points = sampleShapeSurface(shape, 500, new Rng(1));
    expect(points.length).toBe(1500);
    for (let p = 0; p < 500; p++) {
      const [x, y, z] = [points[p * 3]!, points[p * 3 + 1]!, points[p * 3 + 2]!];
      expect(Math.abs(ON_SURFACE[shape](x, y, z))).toBeLessThan(1e-5);
      expect(Math.max(Math.abs(x), Math.abs(y), Math.abs(z))).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it("spreads the cylinder's points over side and caps by area (side 4π of 6π)", () => {
    const points = sampleShapeSurface('cylinder', 6000, new Rng(2));
    let side = 0;
    for (let p = 0; p < 6000; p++) if (Math.abs(Math.abs(points[p * 3 + 2]!) - 1) > 1e-6) side += 1;
    expect(Math.abs(side / 6000 - 2 / 3)).toBeLessThan(0.02);
  });
});
