import * as tf from '@tensorflow/tfjs';
import { discretizeStep, expandGroups, skipAndGate, unstackAxis } from './scan-common.js';
import type { ScanResult, SsdScanInputs } from './scan-types.js';
import type { SsdDims } from './scan-validation.js';

/**
 * The SSD scan as its sequential definition (Dao & Gu 2024, eq. (1) with scalar A per head):
 *   dt = softplus(dt + bias),  H_t = exp(dt_t A) H_{t-1} + dt_t x_t ⊗ B_t,  y_t = H_t C_t.
 * The state's (p, n) axes are kept flattened so that no tensor exceeds rank 4 (WebGPU's limit).
 */
export function ssdScanReference(inputs: SsdScanInputs, dims: SsdDims): ScanResult {
  const { b, l, h, p, n, g } = dims;
  const dt = discretizeStep(inputs.dt, inputs.dtBias, inputs.dtSoftplus ?? true); // [b,l,h]
  const decay = tf.expandDims(tf.exp(tf.mul(dt, inputs.A)), 3); // [b,l,h,1]
  const B = tf.reshape(expandGroups(inputs.B, h / g), [b * l, h, 1, n]);
  const C = expandGroups(inputs.C, h / g); // [b,l,h,n]
  const scaledX = tf.reshape(tf.mul(inputs.x, tf.expandDims(dt, 3)), [b * l, h, p, 1]);
  const drive = tf.reshape(tf.mul(scaledX, B), [b, l, h, p * n]);

  const decays = unstackAxis(decay, 1);
  const drives = unstackAxis(drive, 1);
  const readouts = unstackAxis(tf.reshape(C, [b, l, h, 1, n]), 1); // each [b,h,1,n]
  let state = inputs.initialState === undefined ? tf.zeros([b, h, p * n]) : tf.reshape(inputs.initialState, [b, h, p * n]);
  const ys: tf.Tensor[] = [];
  decays.forEach((decayT, t) => {
    state = tf.add(tf.mul(decayT, state), drives[t] as tf.Tensor);
    ys.push(tf.sum(tf.mul(tf.reshape(state, [b, h, p, n]), readouts[t] as tf.Tensor), -1));
  });
  const y = skipAndGate(tf.stack(ys, 1), inputs.x, inputs.D && tf.expandDims(inputs.D, 1), inputs.z);
  return { y, state: tf.reshape(state, [b, h, p, n]) };
}
