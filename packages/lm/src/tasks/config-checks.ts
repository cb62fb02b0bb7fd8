import { ArgumentError } from '@hybridssm/core';

/** Throws an {@link ArgumentError} naming `field` (e.g. 'mqar: config.pairs') unless `value` is an integer ≥ `min`. */
export function requireInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ArgumentError(`${field} must be an integer >= ${min}; got ${value}`);
  }
}
