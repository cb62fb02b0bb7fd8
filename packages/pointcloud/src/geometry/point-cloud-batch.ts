import { ArgumentError } from '@hybridssm/core';

/**
 * A batch of equally sized point clouds: `points` holds [batch, count, 3] coordinates, row-major (one
 * cloud is data/point-cloud.ts's PointCloud layout).
 */
export interface PointCloudBatch {
  readonly points: Float32Array;
  readonly batch: number;
  /** Points per cloud. */
  readonly count: number;
}

/** Wraps row-major [batch, count, 3] coordinates, checking that the length matches the shape. */
export function pointCloudBatch(points: Float32Array, batch: number, count: number): PointCloudBatch {
  const clouds = { points, batch, count };
  checkPointCloudBatch('pointCloudBatch', 'points', clouds);
  return clouds;
}

/** Throws the ArgumentError every geometry op uses: `op: message`. */
export function fail(op: string, message: string): never {
  throw new ArgumentError(`${op}: ${message}`);
}

/** Requires `value` to be an integer ≥ 1. */
export function checkPositiveInteger(op: string, arg: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1)) fail(op, `'${arg}' must be a positive integer; got ${value}`);
}

/** Requires a well-formed, non-empty batch: Float32Array of length batch × count × 3. */
export function checkPointCloudBatch(op: string, arg: string, clouds: PointCloudBatch): void {
  if (!(clouds?.points instanceof Float32Array)) {
    fail(op, `'${arg}' must hold its coordinates in a Float32Array; got ${describe(clouds?.points)}`);
  }
  if (!(Number.isInteger(clouds.batch) && clouds.batch >= 1)) {
    fail(op, `'${arg}' must hold at least one cloud; got batch ${clouds.batch}`);
  }
  if (!(Number.isInteger(clouds.count) && clouds.count >= 1)) {
    fail(op, `'${arg}' must hold at least one point per cloud; got count ${clouds.count}`);
  }
  const expected = clouds.batch * clouds.count * 3;
  if (clouds.points.length !== expected) {
    fail(
      op,
      `'${arg}' [batch ${clouds.batch}, count ${clouds.count}, 3] must have ${expected} coordinates; got ${clouds.points.length}`,
    );
  }
}

/** Requires every coordinate to be finite, naming the first cloud and point that is not. */
export function checkFinite(op: string, arg: string, clouds: PointCloudBatch): void {
  const bad = clouds.points.findIndex((v) => !Number.isFinite(v));
  if (bad < 0) return;
  const point = Math.floor(bad / 3);
  fail(
    op,
    `'${arg}' cloud ${Math.floor(point / clouds.count)} point ${point % clouds.count} must have finite coordinates; ` +
      `got ${'xyz'[bad % 3]} = ${clouds.points[bad]}`,
  );
}

/** Requires a second batch (e.g. query centres) to have as many clouds as the first. */
export function checkSameBatch(op: string, clouds: PointCloudBatch, arg: string, other: PointCloudBatch): void {
  if (other.batch !== clouds.batch) {
    fail(op, `'${arg}' must have the clouds' batch of ${clouds.batch}; got ${other.batch}`);
  }
}

/**
 * Requires `indices` to be an Int32Array of shape [...leading, row] whose values index a cloud of `count`
 * points; returns the row length, named `rowName` in the message.
 */
export function checkIndices(op: string, arg: string, indices: Int32Array, leading: number[], rowName: string, count: number): number {
  if (!(indices instanceof Int32Array)) fail(op, `'${arg}' must be an Int32Array; got ${describe(indices)}`);
  const rows = leading.reduce((a, b) => a * b, 1);
  const row = indices.length / rows;
  if (!Number.isInteger(row) || row < 1) {
    fail(op, `'${arg}' [${[...leading, rowName].join(', ')}] must have a positive multiple of ${rows} values; got ${indices.length}`);
  }
  const bad = indices.findIndex((i) => i < 0 || i >= count);
  if (bad >= 0) fail(op, `'${arg}'[${bad}] must be a point index in [0, ${count}); got ${indices[bad]}`);
  return row;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
