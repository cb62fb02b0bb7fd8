import * as tf from '@tensorflow/tfjs';
import { asGroups, discretizeStep, expandGroups, skipAndGate } from './scan-common.js';
import type { ScanResult, SelectiveScanStepInputs, SsdStepInputs } from './scan-types.js';
import { validateSelectiveScanStep, validateSsdStep } from './scan-validation.js';

/**
 * One token of the selective scan from a given state (the decode step of generation):
 * equals position t of `selectiveScan` when `state` is the scan's state after t-1.
 * u, delta, z [b,d]; B, C [b,n] or [b,g,n]; state [b,d,n]. Returns y [b,d] and the new state.
 */
export function selectiveScanStep(inputs: SelectiveScanStepInputs): ScanResult {
  const { d, g } = validateSelectiveScanStep(inputs);
  return tf.tidy(() => {
    const dt = discretizeStep(inputs.delta, inputs.deltaBias, inputs.deltaSoftplus ?? true); // [b,d]
    const decay = tf.exp(tf.mul(tf.expandDims(dt, 2), inputs.A)); // [b,d,n]
    const B = expandGroups(asGroups(inputs.B, 3), d / g);
    const C = expandGroups(asGroups(inputs.C, 3), d / g);
    const state = tf.add(tf.mul(decay, inputs.state), tf.mul(tf.expandDims(tf.mul(dt, inputs.u), 2), B));
    const y = skipAndGate(tf.sum(tf.mul(state, C), -1), inputs.u, inputs.D, inputs.z);
    return { y, state };
  });
}

/**
 * One token of the SSD scan from a given state: equals position t of `ssdScan`.
 * x, z [b,h,p]; dt [b,h]; B, C [b,g,n]; state [b,h,p,n]. Returns y [b,h,p] and the new state.
 */
export function ssdStep(inputs: SsdStepInputs): ScanResult {
  const { h, g } = validateSsdStep(inputs);
  return tf.tidy(() => {
    const dt = discretizeStep(inputs.dt, inputs.dtBias, inputs.dtSoftplus ?? true); // [b,h]
    const decay = tf.reshape(tf.exp(tf.mul(dt, inputs.A)), [...dt.shape, 1, 1]);
    const B = expandGroups(inputs.B, h / g); // [b,h,n]
    const C = expandGroups(inputs.C, h / g);
    const drive = tf.mul(tf.expandDims(tf.mul(inputs.x, tf.expandDims(dt, 2)), 3), tf.expandDims(B, 2)); // [b,h,p,n]
    const state = tf.add(tf.mul(decay, inputs.state), drive);
    const y = skipAndGate(tf.sum(tf.mul(state, tf.expandDims(C, 2)), -1), inputs.x, inputs.D && tf.expandDims(inputs.D, 1), inputs.z);
    return { y, state };
  });
}
