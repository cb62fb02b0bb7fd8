import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { sampleMeshSurface } from './mesh-surface-sampling.js';
import type { PolygonMesh } from './polygon-mesh.js';

// The unit cube [0, 1]³ as six quads, which the sampler fan-triangulates.
const unitCube: PolygonMesh = {
  vertices: Float32Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1]),
  vertexCount: 8,
  faces: [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]],
};

describe('sampleMeshSurface', () => {
  it("puts every point on the unit cube's faces, covering all six", () => {
    const { points, count } = sampleMeshSurface(unitCube, 3000, new Rng(1));
    const faceCounts = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const p = Array.from(points.subarray(i * 3, i * 3 + 3));
      // Distance from the surface: how far the nearest face plane is, for a point inside the cube.
      const distance = Math.min(...p.flatMap((c) => [Math.abs(c), Math.abs(1 - c)]));
      expect(distance).toBeLessThan(1e-6);
      expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...p)).toBeLessThanOrEqual(1);
      const axis = p.findIndex((c) => Math.abs(c) < 1e-6 || Math.abs(1 - c) < 1e-6);
      const face = `${axis}${Math.round(p[axis]!)}`;
      faceCounts.set(face, (faceCounts.get(face) ?? 0) + 1);
    }
    expect(faceCounts.size).toBe(6);
    for (const n of faceCounts.values()) expect(n / count).toBeGreaterThan(1 / 6 - 0.04);
  });

  it('picks triangles in proportion to their area', () => {
    // A triangle of area 0.5 in the plane z = 0 and one of area 4.5 in z = 1.
    const mesh: PolygonMesh = {
      vertices: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 3, 0, 1, 0, 3, 1]),
      vertexCount: 6,
      faces: [[0, 1, 2], [3, 4, 5]],
    };
    const { points, count } = sampleMeshSurface(mesh, 20000, new Rng(2));
    let small = 0;
    for (let i = 0; i < count; i++) if (points[i * 3 + 2] === 0) small += 1;
    expect(Math.abs(small / count - 0.1)).toBeLessThan(0.01);
  });

  it('gives the same points for the same seed', () => {
    expect(sampleMeshSurface(unitCube, 50, new Rng(7))).toEqual(sampleMeshSurface(unitCube, 50, new Rng(7)));
    expect(sampleMeshSurface(unitCube, 50, new Rng(7))).not.toEqual(sampleMeshSurface(unitCube, 50, new Rng(8)));
  });

  it('refuses a mesh without area', () => {
    const flat: PolygonMesh = { vertices: Float32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]), vertexCount: 3, faces: [[0, 1, 2]] };
    expect(() => sampleMeshSurface(flat, 10, new Rng(0))).toThrow('sampleMeshSurface: the mesh has no surface to sample (1 triangles, total area 0)');
  });
});
