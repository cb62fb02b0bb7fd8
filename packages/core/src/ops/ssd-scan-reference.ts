import * as tf from '@tensorflow/tfjs';
import { discretizeStep, expandGroups, skipAndGate, unstackAxis } from './scan-common.js';
import type { ScanResult, SsdScanInputs } from './scan-types.js';
import type { SsdDims } from './scan-validation.js';

/**
 * The SSD scan as its sequential definition (Dao & Gu 2024, eq. (1) with scalar A per head):
 *   dt = softplus(dt + bias),  H_t = exp(dt_t A) H_{t-1} + dt_t x_t ⊗ B_t,  y_t = H_t C_t.
 */
export function ssdScanReference(inputs: SsdScanInputs, dims: SsdDims): ScanResult {
  const { b, h, p, n, g } = dims;
  const dt = discretizeStep(inputs.dt, inputs.dtBias, inputs.dtSoftplus ?? true); // [b,l,h]
  const decay = tf.reshape(tf.exp(tf.mul(dt, inputs.A)), [...dt.shape, 1, 1]); // [b,l,h,1,1]
  const B = expandGroups(inputs.B, h / g); // [b,l,h,n]
  const C = expandGroups(inputs.C, h / g);
  const scaledX = tf.mul(inputs.x, tf.expandDims(dt, 3)); // [b,l,h,p]
  const drive = tf.mul(tf.expandDims(scaledX, 4), tf.expandDims(B, 3)); // [b,l,h,p,n]

  const decays = unstackAxis(decay, 1);
  const drives = unstackAxis(drive, 1);
  const readouts = unstackAxis(tf.expandDims(C, 3), 1); // each [b,h,1,n]
  let state = inputs.initialState ?? tf.zeros([b, h, p, n]);
  const ys: tf.Tensor[] = [];
  decays.forEach((decayT, t) => {
    state = tf.add(tf.mul(decayT, state), drives[t] as tf.Tensor);
    ys.push(tf.sum(tf.mul(state, readouts[t] as tf.Tensor), -1));
  });
  const y = skipAndGate(tf.stack(ys, 1), inputs.x, inputs.D && tf.expandDims(inputs.D, 1), inputs.z);
  return { y, state };
}
