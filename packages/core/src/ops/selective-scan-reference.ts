import * as tf from '@tensorflow/tfjs';
import { asGroups, discretizeStep, expandGroups, skipAndGate, unstackAxis } from './scan-common.js';
import type { ScanResult, SelectiveScanInputs } from './scan-types.js';
import type { SelectiveDims } from './scan-validation.js';

/**
 * The selective scan as its sequential definition (Gu & Dao 2023, Alg. 2; `selective_scan_ref`):
 *   dt = softplus(delta + bias),  h_t = exp(dt_t A) ⊙ h_{t-1} + (dt_t u_t) B_t,  y_t = h_t · C_t.
 */
export function selectiveScanReference(inputs: SelectiveScanInputs, dims: SelectiveDims): ScanResult {
  const { b, d, n, g } = dims;
  const dt = discretizeStep(inputs.delta, inputs.deltaBias, inputs.deltaSoftplus ?? true);
  const decay = tf.exp(tf.mul(tf.expandDims(dt, 3), inputs.A)); // [b,l,d,n]
  const B = expandGroups(asGroups(inputs.B, 4), d / g); // [b,l,d,n]
  const C = expandGroups(asGroups(inputs.C, 4), d / g);
  const drive = tf.mul(tf.expandDims(tf.mul(dt, inputs.u), 3), B); // [b,l,d,n]

  const decays = unstackAxis(decay, 1);
  const drives = unstackAxis(drive, 1);
  const readouts = unstackAxis(C, 1);
  let h = inputs.initialState ?? tf.zeros([b, d, n]);
  const ys: tf.Tensor[] = [];
  decays.forEach((decayT, t) => {
    h = tf.add(tf.mul(decayT, h), drives[t] as tf.Tensor);
    ys.push(tf.sum(tf.mul(h, readouts[t] as tf.Tensor), -1));
  });
  const y = skipAndGate(tf.stack(ys, 1), inputs.u, inputs.D, inputs.z);
  return { y, state: h };
}
