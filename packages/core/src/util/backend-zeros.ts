import * as tf from '@tensorflow/tfjs';

/**
 * Zeros written by the backend's Fill kernel. `tf.zeros` builds them in a fresh JS typed array and
 * copies that in: on tfjs-backend-wasm a 1 MiB tensor costs 0.05–3 ms (new ArrayBuffer, page faults,
 * GC), the Fill 10 µs. Hot paths that make zeros on every call (a scan's initial state, a gradient
 * nothing flowed into) use this.
 */
export function backendZeros(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  return tf.fill(shape, 0, dtype);
}
