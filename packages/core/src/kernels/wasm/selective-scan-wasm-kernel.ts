import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { SELECTIVE_SCAN_KERNEL_INPUTS, SelectiveScan, SelectiveScanGrad, SelectiveScanStep } from '../../ops/kernel-names.js';
import type { SelectiveDims } from '../../ops/scan-validation.js';
import { output, readInputs } from '../array-backend.js';
import type { ArrayBackend } from '../array-backend.js';
import { KernelCall } from './kernel-call.js';
import { SELECTIVE_SCAN_ARG_FIELDS, checkArgFields } from './kernel-args.js';
import type { SelectiveScanArgField } from './kernel-args.js';
import { LanePadding } from './lane-padding.js';
import { stepAtLengthOne } from './step-at-length-one.js';
import type { ScanKernels } from './scan-kernels-module.js';

/** A selectiveScan kernel call's inputs and sizes; channels are padded per group to whole f32x4 vectors. */
interface Scan extends SelectiveDims {
  inputs: Record<(typeof SELECTIVE_SCAN_KERNEL_INPUTS)[number], ArrayLike<number>>;
  gated: boolean;
  deltaSoftplus: boolean;
  channels: LanePadding;
}

function readScan(named: Record<string, TensorInfo>, backend: ArrayBackend, attrs: NamedAttrMap | undefined): Scan {
  const [b, l, g, n] = (named.B as TensorInfo).shape as [number, number, number, number];
  const d = (named.u as TensorInfo).shape[2] as number;
  return {
    inputs: readInputs(backend, named, SELECTIVE_SCAN_KERNEL_INPUTS),
    b, l, d, n, g,
    gated: attrs?.gated === true,
    deltaSoftplus: attrs?.deltaSoftplus !== false,
    channels: new LanePadding(d, g),
  };
}

/** Places the inputs, and room for `more` arrays (lengths in floats), as assembly/kernel-args.ts lays them out. */
function placeInputs(kernels: ScanKernels, s: Scan, more: Partial<Record<SelectiveScanArgField, number>>): KernelCall<SelectiveScanArgField> {
  const { b, l, n, g, gated, channels, inputs } = s;
  const d = channels.padded;
  const sequence = b * l * d;
  const call = new KernelCall(
    kernels,
    SELECTIVE_SCAN_ARG_FIELDS,
    { b, l, d, n, g, deltaSoftplus: s.deltaSoftplus ? 1 : 0, gated: gated ? 1 : 0 },
    {
      u: sequence, delta: sequence, At: n * d, B: inputs.B.length, C: inputs.C.length, D: d, deltaBias: d,
      initialState: b * n * d, ...(gated ? { z: sequence } : {}), ...more,
    },
  );
  channels.pad(inputs.u, call.view('u'));
  channels.pad(inputs.delta, call.view('delta'));
  if (gated) channels.pad(inputs.z, call.view('z'));
  channels.pad(inputs.D, call.view('D'));
  channels.pad(inputs.deltaBias, call.view('deltaBias'));
  channels.padTransposed(inputs.A, n, call.view('At'));
  channels.padTransposed(inputs.initialState, n, call.view('initialState'));
  call.view('B').set(inputs.B);
  call.view('C').set(inputs.C);
  return call;
}

function forwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const arrays = backend as unknown as ArrayBackend;
    const s = readScan(inputs as Record<string, TensorInfo>, arrays, attrs);
    const { b, l, d, n, channels } = s;
    const call = placeInputs(kernels, s, {
      y: b * l * channels.padded, state: b * n * channels.padded, scratch: kernels.selectiveScanForwardScratchBytes(n) / 4,
    });
    call.run(kernels.selectiveScanForward);
    return [
      output(arrays, [b, l, d], channels.unpad(call.view('y'))),
      output(arrays, [b, d, n], channels.unpadTransposed(call.view('state'), n)),
    ];
  };
}

function backwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const named = inputs as Record<string, TensorInfo>;
    const arrays = backend as unknown as ArrayBackend;
    const s = readScan(named, arrays, attrs);
    const { b, l, n, gated, channels } = s;
    const sequence = b * l * channels.padded;
    const state = b * n * channels.padded;
    const call = placeInputs(kernels, s, {
      dy: sequence, dstate: state, du: sequence, ddelta: sequence, dAt: n * channels.padded, dB: s.inputs.B.length,
      dC: s.inputs.C.length, dD: channels.padded, ...(gated ? { dz: sequence } : {}), ddeltaBias: channels.padded,
      dinitialState: state, scratch: kernels.selectiveScanBackwardScratchBytes(l, n) / 4,
    });
    const cotangents = readInputs(arrays, named, ['dy', 'dstate'] as const);
    channels.pad(cotangents.dy, call.view('dy'));
    channels.padTransposed(cotangents.dstate, n, call.view('dstate'));
    call.run(kernels.selectiveScanBackward);
    const grads = {
      u: channels.unpad(call.view('du')),
      delta: channels.unpad(call.view('ddelta')),
      A: channels.unpadTransposed(call.view('dAt'), n),
      B: call.view('dB').slice(),
      C: call.view('dC').slice(),
      D: channels.unpad(call.view('dD')),
      z: gated ? channels.unpad(call.view('dz')) : new Float32Array(0),
      deltaBias: channels.unpad(call.view('ddeltaBias')),
      initialState: channels.unpadTransposed(call.view('dinitialState'), n),
    };
    return SELECTIVE_SCAN_KERNEL_INPUTS.map((name) => output(arrays, [...(named[name] as TensorInfo).shape], grads[name]));
  };
}

/** Registers the SIMD selective-scan kernels (forward and backward), and the decode step as the forward at l = 1, for the given backends. */
export function registerWasmSelectiveScanKernels(kernels: ScanKernels, backendNames: readonly string[]): void {
  checkArgFields(kernels);
  for (const backendName of backendNames) {
    if (tf.getKernel(SelectiveScan, backendName) !== undefined) continue;
    tf.registerKernel({ kernelName: SelectiveScan, backendName, kernelFunc: forwardKernel(kernels) });
    tf.registerKernel({ kernelName: SelectiveScanGrad, backendName, kernelFunc: backwardKernel(kernels) });
    if (tf.getKernel(SelectiveScanStep, backendName) === undefined) {
      tf.registerKernel({ kernelName: SelectiveScanStep, backendName, kernelFunc: stepAtLengthOne(forwardKernel(kernels), ['u', 'delta', 'B', 'C', 'z']) });
    }
  }
}
