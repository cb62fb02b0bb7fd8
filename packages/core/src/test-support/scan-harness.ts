import * as tf from '@tensorflow/tfjs';
import type { ScanResult } from '../ops/scan-types.js';

export type ScanFn = (inputs: Record<string, tf.Tensor | boolean>) => ScanResult;

// A type alias, so that tf.tidy accepts it as a TensorContainer.
export type ScanWithGrads = {
  y: tf.Tensor;
  state: tf.Tensor;
  grads: Record<string, tf.Tensor>;
};

/**
 * Runs a scan and the gradients of loss = Σ y·cy + Σ state·cstate with respect to the inputs named in `wrt`
 * (the convention of the golden files).
 */
export function scanWithGrads(
  scan: ScanFn,
  inputs: Record<string, tf.Tensor | boolean>,
  cotangents: { y: tf.Tensor; state: tf.Tensor },
  wrt: string[],
): ScanWithGrads {
  return tf.tidy(() => {
    const { y, state } = scan(inputs);
    const loss = (...xs: tf.Tensor[]) => {
      const replaced = { ...inputs };
      wrt.forEach((name, i) => (replaced[name] = xs[i] as tf.Tensor));
      const out = scan(replaced);
      return tf.add(tf.sum(tf.mul(out.y, cotangents.y)), tf.sum(tf.mul(out.state, cotangents.state))) as tf.Scalar;
    };
    const gradList = tf.grads(loss)(wrt.map((name) => inputs[name] as tf.Tensor));
    const grads: Record<string, tf.Tensor> = {};
    wrt.forEach((name, i) => (grads[name] = gradList[i] as tf.Tensor));
    return { y, state, grads };
  });
}
