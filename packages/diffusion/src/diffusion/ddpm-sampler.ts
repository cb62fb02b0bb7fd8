import * as tf from '@tensorflow/tfjs';
import { checkSamplerOptions, denoisedX0, runSamplingLoop } from './sampling-loop.js';
import type { SamplerOptions } from './sampling-loop.js';

/**
 * DDPM ancestral sampling over all T timesteps (Ho et al. 2020, algorithm 2): at each t,
 * x_{t−1} = μ̃_t(x_t, x̂_0) + √β̃_t z with the posterior mean and the fixed-small variance β̃_t of
 * q(x_{t−1} | x_t, x_0) (eq. 7), x̂_0 from the denoiser, and no noise at the last step.
 */
export function ddpmSample(options: SamplerOptions): tf.Tensor {
  checkSamplerOptions('ddpmSample', options);
  const { schedule, rng } = options;
  const timesteps = Array.from({ length: schedule.steps }, (_, i) => schedule.steps - 1 - i);
  return runSamplingLoop(options, timesteps, (xt, t) => {
    const x0 = denoisedX0('ddpmSample', options, xt, t);
    const mean = tf.add(tf.mul(schedule.posteriorMeanCoefX0[t] as number, x0), tf.mul(schedule.posteriorMeanCoefXt[t] as number, xt));
    if (t === 0) return mean;
    return tf.add(mean, tf.mul(Math.sqrt(schedule.posteriorVariance[t] as number), rng.normalTensor(xt.shape)));
  });
}
