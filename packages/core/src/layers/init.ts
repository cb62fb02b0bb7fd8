import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/random.js';

/** U(-bound, bound): PyTorch's default for nn.Linear and nn.Conv1d, bound = 1/√fan_in (kaiming_uniform, a=√5). */
export function fanInUniform(rng: Rng, shape: number[], fanIn: number): tf.Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return rng.uniformTensor(shape, -bound, bound);
}

/**
 * dt sampled log-uniformly in [dtMin, dtMax] (floored at dtInitFloor), returned as the bias b with
 * softplus(b) = dt, i.e. b = dt + log(−expm1(−dt)) — Mamba's and Mamba-2's dt initialisation.
 */
export function inverseSoftplusDt(rng: Rng, size: number, dtMin: number, dtMax: number, dtInitFloor: number): tf.Tensor1D {
  const values = Float32Array.from({ length: size }, () => {
    const dt = Math.max(Math.exp(Math.log(dtMin) + rng.uniform() * (Math.log(dtMax) - Math.log(dtMin))), dtInitFloor);
    return dt + Math.log(-Math.expm1(-dt));
  });
  return tf.tensor1d(values);
}
