import { ArgumentError } from '@hybridssm/core';
import type * as tf from '@tensorflow/tfjs';

/** Throws an ArgumentError `op: argument 'name' must be <requirement>; got <got>`. */
export function argumentFailure(op: string, name: string, requirement: string, got: string): never {
  throw new ArgumentError(`${op}: argument '${name}' must be ${requirement}; got ${got}`);
}

/** A value as the error messages quote it: numbers plain, strings in quotes. */
function quoted(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** An integer in [min, max]. */
export function checkIntegerInRange(op: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    argumentFailure(op, name, `an integer in [${min}, ${max}]`, quoted(value));
  }
}

/** A finite number ≥ 0. */
export function checkNonNegative(op: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) argumentFailure(op, name, 'a finite number ≥ 0', quoted(value));
}

/** One of `allowed`. */
export function checkOneOf<T extends string>(op: string, name: string, value: string, allowed: readonly T[]): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) {
    argumentFailure(op, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, quoted(value));
  }
}

/** A tensor of the same shape as `reference`. */
export function checkSameShape(op: string, name: string, tensor: tf.Tensor, reference: tf.Tensor): void {
  if (tensor.shape.length !== reference.shape.length || tensor.shape.some((size, axis) => size !== reference.shape[axis])) {
    argumentFailure(op, name, `of shape [${reference.shape.join(',')}]`, `[${tensor.shape.join(',')}]`);
  }
}
