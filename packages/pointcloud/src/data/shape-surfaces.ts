import type { Rng } from '@hybridssm/core';
import { sampleMeshSurface } from './mesh-surface-sampling.js';
import type { PolygonMesh } from './polygon-mesh.js';

/** The parametric shapes syntheticShapes draws, in its default class order. */
export const SHAPE_NAMES = ['sphere', 'cube', 'cylinder', 'cone', 'torus', 'pyramid', 'capsule', 'ellipsoid'] as const;

/** One of SHAPE_NAMES. */
export type ShapeName = (typeof SHAPE_NAMES)[number];

type Point = [number, number, number];

const CUBE: PolygonMesh = {
  vertices: Float32Array.from([-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1]),
  vertexCount: 8,
  faces: [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]],
};
// Square base at z = -1, apex at z = 1.
const PYRAMID: PolygonMesh = {
  vertices: Float32Array.from([-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, 0, 0, 1]),
  vertexCount: 5,
  faces: [[0, 3, 2, 1], [0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4]],
};
const TORUS_RADII = { ring: 0.7, tube: 0.3 };
const ELLIPSOID_AXES: Point = [1, 0.6, 0.35];
const CAPSULE = { radius: 0.5, halfLength: 0.5 };

function unitSphere(rng: Rng): Point {
  for (;;) {
    const [x, y, z] = [rng.normal(), rng.normal(), rng.normal()];
    const length = Math.hypot(x, y, z);
    if (length > 1e-9) return [x / length, y / length, z / length];
  }
}

function onCircle(rng: Rng, radius: number): [number, number] {
  const angle = 2 * Math.PI * rng.uniform();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

/** Radius 1 and height 2 (z in ±1): side and caps chosen by area. */
function cylinder(rng: Rng): Point {
  const side = 4 * Math.PI;
  const cap = Math.PI;
  const pick = rng.uniform() * (side + 2 * cap);
  if (pick < side) return [...onCircle(rng, 1), 2 * rng.uniform() - 1];
  return [...onCircle(rng, Math.sqrt(rng.uniform())), pick < side + cap ? -1 : 1];
}

/** Base radius 1 at z = -1, apex at z = 1. */
function cone(rng: Rng): Point {
  const side = Math.PI * Math.sqrt(5);
  const base = Math.PI;
  if (rng.uniform() * (side + base) < base) return [...onCircle(rng, Math.sqrt(rng.uniform())), -1];
  // The side's area grows linearly with the distance t from the apex.
  const t = Math.sqrt(rng.uniform());
  return [...onCircle(rng, t), 1 - 2 * t];
}

/** Ring radius 0.7, tube radius 0.3, around z; the tube angle is drawn by rejection so the density is uniform. */
function torus(rng: Rng): Point {
  const { ring, tube } = TORUS_RADII;
  for (;;) {
    const theta = 2 * Math.PI * rng.uniform();
    if (rng.uniform() * (ring + tube) > ring + tube * Math.cos(theta)) continue;
    const [cx, cy] = onCircle(rng, 1);
    const r = ring + tube * Math.cos(theta);
    return [r * cx, r * cy, tube * Math.sin(theta)];
  }
}

/** Radius 0.5 around z, a cylinder of length 1 between two hemispheres (equal areas). */
function capsule(rng: Rng): Point {
  const { radius, halfLength } = CAPSULE;
  if (rng.uniform() < 0.5) return [...onCircle(rng, radius), halfLength * (2 * rng.uniform() - 1)];
  const [x, y, z] = unitSphere(rng);
  return [radius * x, radius * y, radius * z + Math.sign(z) * halfLength];
}

const POINT_SAMPLERS: Readonly<Record<Exclude<ShapeName, 'cube' | 'pyramid'>, (rng: Rng) => Point>> = {
  sphere: unitSphere,
  cylinder,
  cone,
  torus,
  capsule,
  ellipsoid: (rng) => {
    const p = unitSphere(rng);
    return [p[0] * ELLIPSOID_AXES[0], p[1] * ELLIPSOID_AXES[1], p[2] * ELLIPSOID_AXES[2]];
  },
};

/**
 * `count` points on the surface of `shape` at its canonical size (within [-1, 1]³, centred), row-major
 * [count, 3]; uniform over the area except for the ellipsoid, a scaled sphere sample.
 */
export function sampleShapeSurface(shape: ShapeName, count: number, rng: Rng): Float32Array {
  if (shape === 'cube') return sampleMeshSurface(CUBE, count, rng).points;
  if (shape === 'pyramid') return sampleMeshSurface(PYRAMID, count, rng).points;
  const sample = POINT_SAMPLERS[shape];
  const points = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) points.set(sample(rng), i * 3);
  return points;
}
