import * as tf from '@tensorflow/tfjs';
import { DropoutMask } from './kernel-names.js';
import { hasKernel } from './scan-impl.js';
import { dropoutMaskParams, fillDropoutMask } from '../util/dropout-hash.js';

/**
 * The mask of inverted dropout: float32 [shape] of 0 (probability `rate`) and 1 / (1 − rate), drawn by
 * a counter-based hash of (seed, element) on the backend that holds it (util/dropout-hash.ts), so each
 * backend draws the same mask for a seed. tf.dropout draws its uniforms one by one in JavaScript and
 * uploads them: ~10 ns a value on wasm, seconds per update at a GPU's batch sizes. Not differentiable
 * (a mask is a constant of x · mask).
 */
export function dropoutMask(shape: readonly number[], rate: number, seed: number): tf.Tensor {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`dropoutMask: argument 'shape' must be non-negative integers; got [${shape}]`);
  if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) throw new Error(`dropoutMask: argument 'rate' must be in [0, 1); got ${rate}`);
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new Error(`dropoutMask: argument 'seed' must be an integer in [0, 2^32); got ${seed}`);
  const params = dropoutMaskParams(rate, seed);
  if (!hasKernel(DropoutMask)) {
    const values = new Float32Array(tf.util.sizeFromShape([...shape]));
    fillDropoutMask(values, params);
    return tf.tensor(values, [...shape]);
  }
  return tf.engine().runKernel(DropoutMask, {}, { shape: [...shape], seedHash: params.seedHash | 0, threshold: params.threshold, scale: params.scale } as never) as tf.Tensor;
}
