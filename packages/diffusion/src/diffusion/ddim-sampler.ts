import * as tf from '@tensorflow/tfjs';
import { checkIntegerInRange, checkNonNegative, checkOneOf } from './check-args.js';
import { epsilonFromX0 } from './parameterization.js';
import { batchTimesteps, checkSamplerOptions, denoisedX0, runSamplingLoop } from './sampling-loop.js';
import type { SamplerOptions } from './sampling-loop.js';
import { TIMESTEP_SPACINGS, samplingTimesteps } from './sampling-timesteps.js';
import type { TimestepSpacing } from './sampling-timesteps.js';

export interface DdimOptions extends SamplerOptions {
  /** sampling steps S, 1 … T */
  steps: number;
  /** 0 = deterministic DDIM, 1 = DDPM's variance; default 0 */
  eta?: number;
  /** default 'uniform' */
  spacing?: TimestepSpacing;
}

/**
 * DDIM sampling (Song et al. 2021) over S of the T timesteps: from t to the next timestep s (ᾱ_s = 1
 * after the last),
 *   x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ²) ε̂ + σ z                          (eq. 12)
 *   σ = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s)                         (eq. 16)
 * η = 0 follows the probability-flow ODE; η = 1 with S = T is DDPM's ancestral sampler.
 */
export function ddimSample(options: DdimOptions): tf.Tensor {
  const { schedule, rng, steps, eta = 0, spacing = 'uniform' } = options;
  checkSamplerOptions('ddimSample', options);
  checkIntegerInRange('ddimSample', 'steps', steps, 1, schedule.steps);
  checkNonNegative('ddimSample', 'eta', eta);
  checkOneOf('ddimSample', 'spacing', spacing, TIMESTEP_SPACINGS);
  const timesteps = samplingTimesteps(schedule.steps, steps, spacing);
  return runSamplingLoop(options, timesteps, (xt, t, index) => {
    const x0 = denoisedX0('ddimSample', options, xt, t);
    // ε̂ consistent with the (possibly clipped) x̂_0, as improved-diffusion's ddim_sample
    const epsilon = epsilonFromX0(schedule, xt, batchTimesteps(xt, t), x0);
    const alphaBar = schedule.alphasCumprod[t] as number;
    const next = timesteps[index + 1];
    const alphaBarNext = next === undefined ? 1 : (schedule.alphasCumprod[next] as number);
    const sigma = eta * Math.sqrt(((1 - alphaBarNext) / (1 - alphaBar)) * (1 - alphaBar / alphaBarNext));
    // η > 1 can make σ² exceed 1 − ᾱ_s; the direction term then vanishes instead of turning imaginary.
    const direction = Math.sqrt(Math.max(0, 1 - alphaBarNext - sigma * sigma));
    const mean = tf.add(tf.mul(Math.sqrt(alphaBarNext), x0), tf.mul(direction, epsilon));
    return sigma > 0 ? tf.add(mean, tf.mul(sigma, rng.normalTensor(xt.shape))) : mean;
  });
}
