/** Argument checks shared by the training utilities; every message names the offending argument. */

export function requireFiniteAtLeast(argument: string, value: number, minimum: number): void {
  if (!Number.isFinite(value) || value < minimum) {
    throw new RangeError(`${argument} must be a finite number >= ${minimum}, got ${value}`);
  }
}

export function requirePositive(argument: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${argument} must be a finite number > 0, got ${value}`);
  }
}

export function requireIntegerAtLeast(argument: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${argument} must be an integer >= ${minimum}, got ${value}`);
  }
}

/** For decay rates such as Adam's betas. */
export function requireInUnitInterval(argument: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value >= 1) {
    throw new RangeError(`${argument} must be in [0, 1), got ${value}`);
  }
}
