import * as tf from '@tensorflow/tfjs';
import { SumRows } from './kernel-names.js';
import { hasKernel } from './scan-impl.js';

// tfjs reduces a non-last axis by transposing first; on wasm, summing [32768, 1024] over its rows
// takes 214 ms that way, ~20 ms as one pass over the rows (the SumRows kernel). The per-channel
// parameters of Linear, the norms and BatchNorm take their gradients as such sums.

let sumRowsOp: ((x: tf.Tensor) => tf.Tensor) | undefined;

/** x [..., c] summed over every axis but the last: [c]. Differentiable (the gradient broadcasts dy back). */
export function sumOverLeadingAxes(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const c = x.shape[x.rank - 1] as number;
    const flat = tf.reshape(x, [-1, c]);
    if (!hasKernel(SumRows) || flat.dtype !== 'float32') return tf.sum(flat, 0) as tf.Tensor1D;
    sumRowsOp ??= tf.customGrad(((input: tf.Tensor) => ({
      value: tf.engine().runKernel(SumRows, { x: input }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor) => tf.broadcastTo(dy, input.shape),
    })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
    return sumRowsOp(flat) as tf.Tensor1D;
  });
}
