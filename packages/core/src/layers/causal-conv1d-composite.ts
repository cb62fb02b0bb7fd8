import * as tf from '@tensorflow/tfjs';
import { differentiableCausalConv1d } from '../ops/causal-conv1d-gradient.js';

/** Taps [k, c] of a depthwise weight [c,1,k]: row j multiplies x_{t−(k−1)+j}. */
export function convTaps(weight: tf.Tensor): tf.Tensor2D {
  const [c, , k] = weight.shape as [number, number, number];
  return tf.transpose(tf.reshape(weight, [c, k])) as tf.Tensor2D;
}

/** y = Σ_j tap_j · x shifted by j (+ bias). */
function convolve(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  return tf.tidy(() => {
    const [b, l, c] = x.shape as [number, number, number];
    const k = weight.shape[2] as number;
    const padded = tf.pad(x, [[0, 0], [k - 1, 0], [0, 0]]);
    // The bias is added by broadcasting (tf.broadcastTo is a Tile, whose gradient slices once per
    // repetition: b·l slices here).
    const terms = tf.unstack(convTaps(weight)).map((tap, j) => tf.mul(tf.slice(padded, [0, j, 0], [b, l, c]), tap));
    const y = tf.addN(terms);
    return bias === undefined ? y : tf.add(y, bias);
  });
}

/**
 * Gradients of x, weight (and bias) for cotangent dy: dx_s = Σ_j w_j dy_{s+k−1−j} (the taps run over dy
 * padded after its end), dw_j = Σ_{b,t} dy_t x_{t−(k−1)+j}, dbias = Σ_{b,t} dy_t.
 */
function gradients(x: tf.Tensor, weight: tf.Tensor, hasBias: boolean, dy: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => {
    const [b, l, c] = x.shape as [number, number, number];
    const k = weight.shape[2] as number;
    const taps = tf.unstack(convTaps(weight));
    const dyPadded = tf.pad(dy, [[0, 0], [0, k - 1], [0, 0]]);
    const dx = tf.addN(taps.map((tap, j) => tf.mul(tf.slice(dyPadded, [0, k - 1 - j, 0], [b, l, c]), tap)));
    const xPadded = tf.pad(x, [[0, 0], [k - 1, 0], [0, 0]]);
    const dTaps = tf.stack(taps.map((_, j) => tf.sum(tf.mul(dy, tf.slice(xPadded, [0, j, 0], [b, l, c])), [0, 1]))); // [k,c]
    const dWeight = tf.reshape(tf.transpose(dTaps), [c, 1, k]);
    return hasBias ? [dx, dWeight, tf.sum(dy, [0, 1])] : [dx, dWeight];
  });
}

/**
 * The depthwise causal conv in tf ops (k shifted copies of the padded input, each materialised), for the
 * backends without the fused kernels (webgpu, tensorflow); x [b,l,c], weight [c,1,k], bias [c].
 */
export const causalConv1dComposite = differentiableCausalConv1d({ forward: convolve, gradients });
