import type * as tf from '@tensorflow/tfjs';

/**
 * A backbone as the samplers and the loss see it: its prediction (ε or v, per its `PredictionType`)
 * for the noisy batch x_t [b, …] at timesteps `t` (one training timestep in [0, T) per sample), of
 * the shape of x_t. Conditioning (text, class) lives in the closure.
 */
export type Denoiser = (xt: tf.Tensor, t: readonly number[]) => tf.Tensor;
