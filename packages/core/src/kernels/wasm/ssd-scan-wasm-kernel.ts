import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { SSD_SCAN_KERNEL_INPUTS, SsdScan, SsdScanGrad, SsdStep } from '../../ops/kernel-names.js';
import type { SsdDims } from '../../ops/scan-validation.js';
import { output, readInputs } from '../array-backend.js';
import type { ArrayBackend } from '../array-backend.js';
import { KernelCall } from './kernel-call.js';
import { SSD_SCAN_ARG_FIELDS, checkArgFields } from './kernel-args.js';
import type { SsdScanArgField } from './kernel-args.js';
import { LanePadding } from './lane-padding.js';
import { stepAtLengthOne } from './step-at-length-one.js';
import type { ScanKernels } from './scan-kernels-module.js';

/** An ssdScan kernel call's inputs and sizes; the state size n is padded to whole f32x4 vectors. */
interface Scan extends SsdDims {
  inputs: Record<(typeof SSD_SCAN_KERNEL_INPUTS)[number], ArrayLike<number>>;
  gated: boolean;
  dtSoftplus: boolean;
  state: LanePadding;
}

function readScan(named: Record<string, TensorInfo>, backend: ArrayBackend, attrs: NamedAttrMap | undefined): Scan {
  const [b, l, h, p] = (named.x as TensorInfo).shape as [number, number, number, number];
  const [, , g, n] = (named.B as TensorInfo).shape as [number, number, number, number];
  return {
    inputs: readInputs(backend, named, SSD_SCAN_KERNEL_INPUTS),
    b, l, h, p, n, g,
    gated: attrs?.gated === true,
    dtSoftplus: attrs?.dtSoftplus !== false,
    state: new LanePadding(n),
  };
}

/** Places the inputs, and room for `more` arrays (lengths in floats), as assembly/kernel-args.ts lays them out. */
function placeInputs(kernels: ScanKernels, s: Scan, more: Partial<Record<SsdScanArgField, number>>): KernelCall<SsdScanArgField> {
  const { b, l, h, p, g, gated, state, inputs } = s;
  const n = state.padded;
  const call = new KernelCall(
    kernels,
    SSD_SCAN_ARG_FIELDS,
    { b, l, h, p, n, g, dtSoftplus: s.dtSoftplus ? 1 : 0, gated: gated ? 1 : 0 },
    {
      x: inputs.x.length, dt: inputs.dt.length, A: h, B: b * l * g * n, C: b * l * g * n, D: h, dtBias: h,
      initialState: b * h * p * n, ...(gated ? { z: inputs.z.length } : {}), ...more,
    },
  );
  for (const name of ['x', 'dt', 'A', 'D', 'dtBias', ...(gated ? (['z'] as const) : [])] as const) call.view(name).set(inputs[name]);
  state.pad(inputs.B, call.view('B'));
  state.pad(inputs.C, call.view('C'));
  state.pad(inputs.initialState, call.view('initialState'));
  return call;
}

function forwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const arrays = backend as unknown as ArrayBackend;
    const s = readScan(inputs as Record<string, TensorInfo>, arrays, attrs);
    const { b, l, h, p, n, state } = s;
    const call = placeInputs(kernels, s, {
      y: s.inputs.x.length, state: b * h * p * state.padded, scratch: kernels.ssdScanForwardScratchBytes(p, state.padded) / 4,
    });
    call.run(kernels.ssdScanForward);
    return [output(arrays, [b, l, h, p], call.view('y').slice()), output(arrays, [b, h, p, n], state.unpad(call.view('state')))];
  };
}

function backwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const named = inputs as Record<string, TensorInfo>;
    const arrays = backend as unknown as ArrayBackend;
    const s = readScan(named, arrays, attrs);
    const { b, l, h, p, g, gated, state } = s;
    const n = state.padded;
    const call = placeInputs(kernels, s, {
      dy: s.inputs.x.length, dstate: b * h * p * n, dx: s.inputs.x.length, ddt: s.inputs.dt.length, dA: h, dB: b * l * g * n,
      dC: b * l * g * n, dD: h, ...(gated ? { dz: s.inputs.x.length } : {}), ddtBias: h, dinitialState: b * h * p * n,
      scratch: kernels.ssdScanBackwardScratchBytes(l, p, n) / 4,
    });
    const cotangents = readInputs(arrays, named, ['dy', 'dstate'] as const);
    call.view('dy').set(cotangents.dy);
    state.pad(cotangents.dstate, call.view('dstate'));
    call.run(kernels.ssdScanBackward);
    const grads = {
      x: call.view('dx').slice(),
      dt: call.view('ddt').slice(),
      A: call.view('dA').slice(),
      B: state.unpad(call.view('dB')),
      C: state.unpad(call.view('dC')),
      D: call.view('dD').slice(),
      z: gated ? call.view('dz').slice() : new Float32Array(0),
      dtBias: call.view('ddtBias').slice(),
      initialState: state.unpad(call.view('dinitialState')),
    };
    return SSD_SCAN_KERNEL_INPUTS.map((name) => output(arrays, [...(named[name] as TensorInfo).shape], grads[name]));
  };
}

/** Registers the SIMD SSD-scan kernels (forward and backward), and the decode step as the forward at l = 1, for the given backends. */
export function registerWasmSsdScanKernels(kernels: ScanKernels, backendNames: readonly string[]): void {
  checkArgFields(kernels);
  for (const backendName of backendNames) {
    if (tf.getKernel(SsdScan, backendName) !== undefined) continue;
    tf.registerKernel({ kernelName: SsdScan, backendName, kernelFunc: forwardKernel(kernels) });
    tf.registerKernel({ kernelName: SsdScanGrad, backendName, kernelFunc: backwardKernel(kernels) });
    if (tf.getKernel(SsdStep, backendName) === undefined) {
      tf.registerKernel({ kernelName: SsdStep, backendName, kernelFunc: stepAtLengthOne(forwardKernel(kernels), ['x', 'dt', 'B', 'C', 'z']) });
    }
  }
}
