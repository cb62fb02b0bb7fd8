import type { Rng } from '@hybridssm/core';
import type { PointCloud } from './point-cloud.js';
import type { PolygonMesh } from './polygon-mesh.js';

/**
 * `count` points uniformly distributed over the mesh's surface: each point picks a triangle with
 * probability proportional to its area (faces with more than 3 vertices are fan-triangulated from their
 * first vertex), then a uniform point in it.
 */
export function sampleMeshSurface(mesh: PolygonMesh, count: number, rng: Rng): PointCloud {
  const v = mesh.vertices;
  const corners: number[] = [];
  for (const face of mesh.faces) {
    for (let k = 1; k + 1 < face.length; k++) corners.push(face[0]!, face[k]!, face[k + 1]!);
  }
  const triangles = corners.length / 3;
  const cumulativeArea = new Float64Array(triangles);
  let total = 0;
  for (let t = 0; t < triangles; t++) {
    const [a, b, c] = [corners[t * 3]! * 3, corners[t * 3 + 1]! * 3, corners[t * 3 + 2]! * 3];
    const ab = [v[b]! - v[a]!, v[b + 1]! - v[a + 1]!, v[b + 2]! - v[a + 2]!] as const;
    const ac = [v[c]! - v[a]!, v[c + 1]! - v[a + 1]!, v[c + 2]! - v[a + 2]!] as const;
    const cross = [ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2], ab[0] * ac[1] - ab[1] * ac[0]];
    total += 0.5 * Math.hypot(cross[0]!, cross[1]!, cross[2]!);
    cumulativeArea[t] = total;
  }
  if (!(total > 0)) throw new Error(`sampleMeshSurface: the mesh has no surface to sample (${triangles} triangles, total area ${total})`);

  const points = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const t = firstAbove(cumulativeArea, rng.uniform() * total);
    // Uniform in a triangle: sqrt of one uniform for the distance from corner a (Osada et al. 2002).
    const r1 = Math.sqrt(rng.uniform());
    const r2 = rng.uniform();
    const [wa, wb, wc] = [1 - r1, r1 * (1 - r2), r1 * r2];
    const [a, b, c] = [corners[t * 3]! * 3, corners[t * 3 + 1]! * 3, corners[t * 3 + 2]! * 3];
    for (let axis = 0; axis < 3; axis++) points[i * 3 + axis] = wa * v[a + axis]! + wb * v[b + axis]! + wc * v[c + axis]!;
  }
  return { points, count };
}

/** The first index whose value exceeds `target` in an ascending array (the last one if none does). */
function firstAbove(ascending: Float64Array, target: number): number {
  let low = 0;
  let high = ascending.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ascending[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return low;
}
