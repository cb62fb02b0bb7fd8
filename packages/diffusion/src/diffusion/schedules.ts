import { checkIntegerInRange, checkOneOf } from './check-args.js';

export const SCHEDULE_NAMES = ['linear', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** The most training steps a schedule may have (far beyond any use; keeps typo'd sizes out). */
export const MAX_DIFFUSION_STEPS = 100_000;

/** The fewest steps of the linear schedule: below, the scaled β_T = 20 / T reaches 1. */
export const MIN_LINEAR_STEPS = 21;

/**
 * A discrete noise schedule over timesteps t = 0 … T−1 (index t is the paper's step t+1), every
 * quantity in float64. `alphasCumprodPrev[0]` is 1 (ᾱ before the first step).
 */
export interface NoiseSchedule {
  readonly name: ScheduleName;
  /** T, the number of training timesteps */
  readonly steps: number;
  /** β_t */
  readonly betas: Float64Array;
  /** α_t = 1 − β_t */
  readonly alphas: Float64Array;
  /** ᾱ_t = ∏_{s≤t} α_s */
  readonly alphasCumprod: Float64Array;
  /** ᾱ_{t−1}, with 1 at t = 0 */
  readonly alphasCumprodPrev: Float64Array;
  readonly sqrtAlphasCumprod: Float64Array;
  readonly sqrtOneMinusAlphasCumprod: Float64Array;
  /** β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the variance of q(x_{t−1} | x_t, x_0) (DDPM eq. 7) */
  readonly posteriorVariance: Float64Array;
  /** coefficient of x_0 in μ̃_t(x_t, x_0) = √ᾱ_{t−1} β_t / (1 − ᾱ_t) (DDPM eq. 7) */
  readonly posteriorMeanCoefX0: Float64Array;
  /** coefficient of x_t in μ̃_t(x_t, x_0) = √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t) (DDPM eq. 7) */
  readonly posteriorMeanCoefXt: Float64Array;
}

/**
 * DDPM's linear β from 1e-4 to 0.02 (Ho et al. 2020 §4), both ends scaled by 1000 / T so that other
 * T keep the same total noise (improved-diffusion's `get_named_beta_schedule('linear', T)`).
 */
function linearBetas(steps: number): Float64Array {
  const scale = 1000 / steps;
  const start = scale * 1e-4;
  const end = scale * 0.02;
  return Float64Array.from({ length: steps }, (_, i) => start + ((end - start) * i) / (steps - 1));
}

/** The cosine schedule's ᾱ(t) for t ∈ [0, 1] (Nichol & Dhariwal 2021, eq. 17, s = 0.008). */
function cosineAlphaBar(fraction: number): number {
  const s = 0.008;
  return Math.cos((((fraction + s) / (1 + s)) * Math.PI) / 2) ** 2;
}

/** β_t = 1 − ᾱ(t+1)/ᾱ(t), clipped at 0.999 to avoid the singularity at t = T (Nichol & Dhariwal 2021 §3.2). */
function cosineBetas(steps: number): Float64Array {
  return Float64Array.from({ length: steps }, (_, i) =>
    Math.min(1 - cosineAlphaBar((i + 1) / steps) / cosineAlphaBar(i / steps), 0.999),
  );
}

function scheduleFromBetas(name: ScheduleName, betas: Float64Array): NoiseSchedule {
  const steps = betas.length;
  const alphas = betas.map((beta) => 1 - beta);
  const alphasCumprod = new Float64Array(steps);
  let product = 1;
  for (let t = 0; t < steps; t++) {
    product *= alphas[t] as number;
    alphasCumprod[t] = product;
  }
  const alphasCumprodPrev = Float64Array.from({ length: steps }, (_, t) => (t === 0 ? 1 : (alphasCumprod[t - 1] as number)));
  const at = (values: Float64Array, t: number) => values[t] as number;
  const fromStep = (f: (t: number) => number) => Float64Array.from({ length: steps }, (_, t) => f(t));
  return {
    name,
    steps,
    betas,
    alphas,
    alphasCumprod,
    alphasCumprodPrev,
    sqrtAlphasCumprod: alphasCumprod.map(Math.sqrt),
    sqrtOneMinusAlphasCumprod: alphasCumprod.map((a) => Math.sqrt(1 - a)),
    posteriorVariance: fromStep((t) => (at(betas, t) * (1 - at(alphasCumprodPrev, t))) / (1 - at(alphasCumprod, t))),
    posteriorMeanCoefX0: fromStep((t) => (at(betas, t) * Math.sqrt(at(alphasCumprodPrev, t))) / (1 - at(alphasCumprod, t))),
    posteriorMeanCoefXt: fromStep(
      (t) => ((1 - at(alphasCumprodPrev, t)) * Math.sqrt(at(alphas, t))) / (1 - at(alphasCumprod, t)),
    ),
  };
}

/** The named schedule with T = `steps` training timesteps. */
export function noiseSchedule(name: ScheduleName, steps: number): NoiseSchedule {
  checkOneOf('noiseSchedule', 'name', name, SCHEDULE_NAMES);
  checkIntegerInRange('noiseSchedule', 'steps', steps, name === 'linear' ? MIN_LINEAR_STEPS : 1, MAX_DIFFUSION_STEPS);
  return scheduleFromBetas(name, name === 'linear' ? linearBetas(steps) : cosineBetas(steps));
}
