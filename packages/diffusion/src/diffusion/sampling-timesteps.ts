import { checkIntegerInRange, checkOneOf } from './check-args.js';

/**
 * How a sampler with fewer steps S than the T training timesteps picks them: `uniform` is DDIM's
 * τ_i = ⌊i T / S⌋ (Song et al. 2021, appendix D.2), which starts at (S−1)T/S and never visits the
 * noisiest step; `trailing` is round((i+1) T / S) − 1, which starts at T−1 (Lin et al. 2024, table 2).
 * Both are every timestep when S = T.
 */
export const TIMESTEP_SPACINGS = ['uniform', 'trailing'] as const;
export type TimestepSpacing = (typeof TIMESTEP_SPACINGS)[number];

/** The S sampling timesteps out of [0, T), from the noisiest down. */
export function samplingTimesteps(trainingSteps: number, steps: number, spacing: TimestepSpacing): number[] {
  checkOneOf('samplingTimesteps', 'spacing', spacing, TIMESTEP_SPACINGS);
  checkIntegerInRange('samplingTimesteps', 'steps', steps, 1, trainingSteps);
  const ascending = Array.from({ length: steps }, (_, i) =>
    spacing === 'uniform' ? Math.floor((i * trainingSteps) / steps) : Math.round(((i + 1) * trainingSteps) / steps) - 1,
  );
  return ascending.reverse();
}
