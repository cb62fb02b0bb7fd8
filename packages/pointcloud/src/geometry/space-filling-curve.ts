import { checkPointCloudBatch, fail, type PointCloudBatch } from './point-cloud-batch.js';

// Serialisations of group centres into token sequences (PointMamba, Liang et al. 2024; PoinTramba's
// mode_sort). The curve orders quantise each cloud to its own bounding box as PoinTramba's utils/order.py
// does, per axis q = trunc((v − min) / (max − min) · (2^bits − 1)) in float32 (an axis with no extent
// quantises to 0, where order.py would divide by zero), then sort the points by curve key, ties by index
// (torch's argsort leaves ties unspecified). Each returns the permutation [batch, m]: row c lists cloud
// c's point indices in curve order.

export interface CurveOptions {
  /** Bits per axis, 1–16; default 10 as PoinTramba's utils/order.py. */
  readonly bits?: number;
  /**
   * Which input axis feeds the curve's first, second and third coordinate; default [0, 1, 2]. [1, 0, 2]
   * gives PointMamba's "trans" orders (its serialization's 'hilbert-trans' swaps x and y).
   */
  readonly axes?: readonly [number, number, number];
}

/**
 * Z-order (Morton): interleaves the bits of the three coordinates, the first most significant in each
 * level, as order.py's xyz2key (which PoinTramba calls get_hilbert_order).
 */
export function mortonOrder(centres: PointCloudBatch, options: CurveOptions = {}): Int32Array {
  return curveOrder('mortonOrder', centres, options, interleave);
}

/**
 * 3-D Hilbert curve by Skilling's transpose algorithm ("Programming the Hilbert curve", 2004): cells
 * consecutive along the curve share a face. Same key as the Skilling `encode` in PoinTramba's
 * utils/order.py (which it calls get_z_order, running it with 16 bits; on 10-bit cells that orders
 * identically, the 6 empty top levels composing to the identity).
 */
export function hilbertOrder(centres: PointCloudBatch, options: CurveOptions = {}): Int32Array {
  return curveOrder('hilbertOrder', centres, options, hilbertKey);
}

/**
 * PoinTramba's `mode_sort: triple_xyz` (from PointMamba v1): three separate orderings concatenated per
 * cloud — the points sorted by x, then the points sorted by y, then sorted by z (each ascending, ties
 * by index; coordinates used as they are, no quantisation) — giving indices [batch, 3m] that list every
 * point three times.
 */
export function tripleXyzOrder(centres: PointCloudBatch): Int32Array {
  checkPointCloudBatch('tripleXyzOrder', 'centres', centres);
  const { points: xyz, batch, count: m } = centres;
  const order = new Int32Array(batch * 3 * m);
  for (let c = 0; c < batch; c++) {
    for (let axis = 0; axis < 3; axis++) {
      const key = Float64Array.from({ length: m }, (_, i) => xyz[(c * m + i) * 3 + axis] as number);
      order.set(argsort(key), (c * 3 + axis) * m);
    }
  }
  return order;
}

type CurveKey = (first: number, second: number, third: number, bits: number) => number;

function curveOrder(op: string, centres: PointCloudBatch, options: CurveOptions, key: CurveKey): Int32Array {
  checkPointCloudBatch(op, 'centres', centres);
  const bits = options.bits ?? 10;
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= 16)) fail(op, `'bits' must be an integer in [1, 16]; got ${bits}`);
  const axes = options.axes ?? [0, 1, 2];
  if (!(axes.length === 3 && [0, 1, 2].every((axis) => axes.includes(axis)))) {
    fail(op, `'axes' must be a permutation of [0, 1, 2]; got [${axes.join(', ')}]`);
  }
  const { points: xyz, batch, count: m } = centres;
  const order = new Int32Array(batch * m);
  for (let c = 0; c < batch; c++) {
    const cloud = xyz.subarray(c * m * 3, (c + 1) * m * 3);
    const [q0, q1, q2] = axes.map((axis) => quantizeAxis(cloud, axis, bits)) as [Int32Array, Int32Array, Int32Array];
    const keys = Float64Array.from({ length: m }, (_, i) => key(q0[i] as number, q1[i] as number, q2[i] as number, bits));
    order.set(argsort(keys), c * m);
  }
  return order;
}

/** One axis of a cloud scaled to [0, 2^bits − 1] over its bounding box (float32, as order.py) and truncated. */
function quantizeAxis(cloud: Float32Array, axis: number, bits: number): Int32Array {
  const { fround, trunc } = Math;
  let min = Infinity;
  let max = -Infinity;
  for (let p = axis; p < cloud.length; p += 3) {
    min = Math.min(min, cloud[p] as number);
    max = Math.max(max, cloud[p] as number);
  }
  const extent = fround(max - min);
  const cells = 2 ** bits - 1;
  return Int32Array.from({ length: cloud.length / 3 }, (_, i) =>
    extent > 0 ? trunc(fround(fround(fround((cloud[i * 3 + axis] as number) - min) / extent) * cells)) : 0,
  );
}

/** Indices sorted by key ascending, ties by index. */
function argsort(keys: Float64Array): Int32Array {
  return Int32Array.from(keys.keys()).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
}

/** The Morton key: the `bits` low bits of a, b, c interleaved from the top level down, …a₁b₁c₁a₀b₀c₀. */
function interleave(a: number, b: number, c: number, bits: number): number {
  let key = 0;
  for (let level = bits - 1; level >= 0; level--) {
    key = key * 8 + (((a >> level) & 1) << 2) + (((b >> level) & 1) << 1) + ((c >> level) & 1);
  }
  return key;
}

/** Skilling's AxestoTranspose for 3 axes, then the transposed index read out as one integer. */
function hilbertKey(a: number, b: number, c: number, bits: number): number {
  const axes = [a, b, c];
  // Inverse undo: walk the levels from the top, inverting or exchanging the lower bits.
  for (let q = 1 << (bits - 1); q > 1; q >>= 1) {
    const lower = q - 1;
    for (let i = 0; i < 3; i++) {
      if ((axes[i] as number) & q) {
        axes[0] = (axes[0] as number) ^ lower;
      } else {
        const t = ((axes[0] as number) ^ (axes[i] as number)) & lower;
        axes[0] = (axes[0] as number) ^ t;
        axes[i] = (axes[i] as number) ^ t;
      }
    }
  }
  // Gray decode, across the axes then down the levels.
  for (let i = 1; i < 3; i++) axes[i] = (axes[i] as number) ^ (axes[i - 1] as number);
  let t = 0;
  for (let q = 1 << (bits - 1); q > 1; q >>= 1) if ((axes[2] as number) & q) t ^= q - 1;
  return interleave((axes[0] as number) ^ t, (axes[1] as number) ^ t, (axes[2] as number) ^ t, bits);
}
