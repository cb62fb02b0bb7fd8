import * as tf from '@tensorflow/tfjs';
import { SelectiveScanStep, SsdStep } from './kernel-names.js';
import { asGroups, discretizeStep, expandGroups, skipAndGate } from './scan-common.js';
import { fixedKernelInputs, resolveScanImpl, runScanKernel } from './scan-impl.js';
import type { ScanResult, SelectiveScanStepInputs, SsdStepInputs, StepOptions } from './scan-types.js';
import { validateSelectiveScanStep, validateSsdStep } from './scan-validation.js';

/**
 * One token of the selective scan from a given state (the decode step of generation):
 * equals position t of `selectiveScan` when `state` is the scan's state after t-1.
 * u, delta, z [b,d]; B, C [b,n] or [b,g,n]; state [b,d,n]. Returns y [b,d] and the new state.
 * `impl` (default `auto`): the fused step kernel where registered (not differentiable), else `reference`.
 */
export function selectiveScanStep(inputs: SelectiveScanStepInputs, options: StepOptions = {}): ScanResult {
  const { d, g } = validateSelectiveScanStep(inputs, options);
  const impl = resolveScanImpl('selectiveScanStep', options.impl ?? 'auto', SelectiveScanStep, 'reference');
  return tf.tidy(() => (impl === 'kernel' ? selectiveStepKernel(inputs, d) : selectiveStepReference(inputs, d, g)));
}

/**
 * One token of the SSD scan from a given state: equals position t of `ssdScan`.
 * x, z [b,h,p]; dt [b,h]; B, C [b,g,n]; state [b,h,p,n]. Returns y [b,h,p] and the new state.
 * `impl` as for `selectiveScanStep`.
 */
export function ssdStep(inputs: SsdStepInputs, options: StepOptions = {}): ScanResult {
  const { h, g } = validateSsdStep(inputs, options);
  const impl = resolveScanImpl('ssdStep', options.impl ?? 'auto', SsdStep, 'reference');
  return tf.tidy(() => (impl === 'kernel' ? ssdStepKernel(inputs, h) : ssdStepReference(inputs, h, g)));
}

function selectiveStepKernel(inputs: SelectiveScanStepInputs, d: number): ScanResult {
  const { D, z, bias } = fixedKernelInputs(inputs.D, inputs.z, inputs.deltaBias, d);
  const kernelInputs = { u: inputs.u, delta: inputs.delta, A: inputs.A, B: asGroups(inputs.B, 3), C: asGroups(inputs.C, 3), D, z, deltaBias: bias, state: inputs.state };
  return runScanKernel(SelectiveScanStep, kernelInputs, { deltaSoftplus: inputs.deltaSoftplus ?? true, gated: inputs.z !== undefined });
}

function ssdStepKernel(inputs: SsdStepInputs, h: number): ScanResult {
  const { D, z, bias } = fixedKernelInputs(inputs.D, inputs.z, inputs.dtBias, h);
  const kernelInputs = { x: inputs.x, dt: inputs.dt, A: inputs.A, B: inputs.B, C: inputs.C, D, z, dtBias: bias, state: inputs.state };
  return runScanKernel(SsdStep, kernelInputs, { dtSoftplus: inputs.dtSoftplus ?? true, gated: inputs.z !== undefined });
}

/** The step composed of tf ops (differentiable). */
function selectiveStepReference(inputs: SelectiveScanStepInputs, d: number, g: number): ScanResult {
  const dt = discretizeStep(inputs.delta, inputs.deltaBias, inputs.deltaSoftplus ?? true); // [b,d]
  const decay = tf.exp(tf.mul(tf.expandDims(dt, 2), inputs.A)); // [b,d,n]
  const B = expandGroups(asGroups(inputs.B, 3), d / g);
  const C = expandGroups(asGroups(inputs.C, 3), d / g);
  const state = tf.add(tf.mul(decay, inputs.state), tf.mul(tf.expandDims(tf.mul(dt, inputs.u), 2), B));
  const y = skipAndGate(tf.sum(tf.mul(state, C), -1), inputs.u, inputs.D, inputs.z);
  return { y, state };
}

function ssdStepReference(inputs: SsdStepInputs, h: number, g: number): ScanResult {
  const dt = discretizeStep(inputs.dt, inputs.dtBias, inputs.dtSoftplus ?? true); // [b,h]
  const decay = tf.reshape(tf.exp(tf.mul(dt, inputs.A)), [...dt.shape, 1, 1]);
  const B = expandGroups(inputs.B, h / g); // [b,h,n]
  const C = expandGroups(inputs.C, h / g);
  const drive = tf.mul(tf.expandDims(tf.mul(inputs.x, tf.expandDims(dt, 2)), 3), tf.expandDims(B, 2)); // [b,h,p,n]
  const state = tf.add(tf.mul(decay, inputs.state), drive);
  const y = skipAndGate(tf.sum(tf.mul(state, tf.expandDims(C, 2)), -1), inputs.x, inputs.D && tf.expandDims(inputs.D, 1), inputs.z);
  return { y, state };
}
