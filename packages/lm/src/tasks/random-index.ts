import type { Rng } from '@hybridssm/core';

/** A uniform integer in [0, count) drawn from `rng`. */
export function randomIndex(rng: Rng, count: number): number {
  return Math.floor(rng.uniform() * count);
}
