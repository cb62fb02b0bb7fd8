import { ArgumentError } from '../ops/arg-checker.js';

/** Throws an ArgumentError naming the layer, the argument, and what was expected. */
export function layerError(layer: string, message: string): never {
  throw new ArgumentError(`${layer}: ${message}`);
}

/** Requires `x` to be a positive integer. */
export function requirePositiveInteger(layer: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1) layerError(layer, `config '${name}' must be a positive integer; got ${JSON.stringify(x)}`);
  return x;
}

/** Requires `whole` to be divisible by `part`. */
export function requireDivisible(layer: string, wholeName: string, whole: number, partName: string, part: number): void {
  if (whole % part !== 0) layerError(layer, `${wholeName}=${whole} must be divisible by ${partName}=${part}`);
}

/** Requires the last axis of `shape` to be `size`. */
export function requireLastDim(layer: string, argName: string, shape: readonly number[], size: number): void {
  if (shape[shape.length - 1] !== size) {
    layerError(layer, `argument '${argName}' must have last dimension ${size}; got shape [${shape.join(',')}]`);
  }
}
