import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { SELECTIVE_SCAN_KERNEL_INPUTS, SelectiveScan, SelectiveScanGrad, SelectiveScanStep } from '../../ops/kernel-names.js';
import type { SelectiveDims } from '../../ops/scan-validation.js';
import { hostMemory } from '../host-memory.js';
import type { HostMemory } from '../host-memory.js';
import { KernelCall } from './kernel-call.js';
import { SELECTIVE_SCAN_ARG_FIELDS, checkArgFields } from './kernel-args.js';
import type { SelectiveScanArgField } from './kernel-args.js';
import { LanePadding } from './lane-padding.js';
import { stepAtLengthOne } from './step-at-length-one.js';
import type { ScanKernels } from './scan-kernels-module.js';

// The inputs are read where the tensors lie (views of the wasm heap or of the cpu backend's arrays) into
// the scan module's memory, padded, and the outputs written, unpadded, into newly allocated tensors: one
// copy each way. Views go stale when the heap grows, so they are taken after each allocation.

/** A selectiveScan kernel call's inputs and sizes; channels are padded per group to whole f32x4 vectors. */
interface Scan extends SelectiveDims {
  memory: HostMemory;
  named: Record<string, TensorInfo>;
  gated: boolean;
  deltaSoftplus: boolean;
  channels: LanePadding;
}

function readScan(named: Record<string, TensorInfo>, backend: unknown, attrs: NamedAttrMap | undefined): Scan {
  const [b, l, g, n] = (named.B as TensorInfo).shape as [number, number, number, number];
  const d = (named.u as TensorInfo).shape[2] as number;
  return {
    memory: hostMemory(backend),
    named,
    b, l, d, n, g,
    gated: attrs?.gated === true,
    deltaSoftplus: attrs?.deltaSoftplus !== false,
    channels: new LanePadding(d, g),
  };
}

/** Places the inputs, and room for `more` arrays (lengths in floats), as assembly/kernel-args.ts lays them out. */
function placeInputs(kernels: ScanKernels, s: Scan, more: Partial<Record<SelectiveScanArgField, number>>): KernelCall<SelectiveScanArgField> {
  const { b, l, n, g, gated, channels } = s;
  const d = channels.padded;
  const sequence = b * l * d;
  const groupRows = b * l * g * n;
  const call = new KernelCall(
    kernels,
    SELECTIVE_SCAN_ARG_FIELDS,
    { b, l, d, n, g, deltaSoftplus: s.deltaSoftplus ? 1 : 0, gated: gated ? 1 : 0 },
    {
      u: sequence, delta: sequence, At: n * d, B: groupRows, C: groupRows, D: d, deltaBias: d,
      initialState: b * n * d, ...(gated ? { z: sequence } : {}), ...more,
    },
  );
  const input = (name: (typeof SELECTIVE_SCAN_KERNEL_INPUTS)[number] | 'dy' | 'dstate') => s.memory.view(s.named[name] as TensorInfo);
  channels.pad(input('u'), call.view('u'));
  channels.pad(input('delta'), call.view('delta'));
  if (gated) channels.pad(input('z'), call.view('z'));
  channels.pad(input('D'), call.view('D'));
  channels.pad(input('deltaBias'), call.view('deltaBias'));
  channels.padTransposed(input('A'), n, call.view('At'));
  channels.padTransposed(input('initialState'), n, call.view('initialState'));
  call.view('B').set(input('B'));
  call.view('C').set(input('C'));
  if (more.dy !== undefined) channels.pad(input('dy'), call.view('dy'));
  if (more.dstate !== undefined) channels.padTransposed(input('dstate'), n, call.view('dstate'));
  return call;
}

/** New outputs of the given shapes (allocated first: an allocation may grow the heap), each filled by `write` from its view. */
function outputs(memory: HostMemory, shapes: number[][], write: (views: Float32Array[]) => void): TensorInfo[] {
  const infos = shapes.map((shape) => memory.allocate(shape));
  write(infos.map((info) => memory.view(info)));
  return infos;
}

function forwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const s = readScan(inputs as Record<string, TensorInfo>, backend, attrs);
    const { b, l, d, n, channels } = s;
    const call = placeInputs(kernels, s, {
      y: b * l * channels.padded, state: b * n * channels.padded, scratch: kernels.selectiveScanForwardScratchBytes(n) / 4,
    });
    call.run(kernels.selectiveScanForward);
    return outputs(s.memory, [[b, l, d], [b, d, n]], ([y, state]) => {
      channels.unpad(call.view('y'), y as Float32Array);
      channels.unpadTransposed(call.view('state'), n, state as Float32Array);
    });
  };
}

function backwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const named = inputs as Record<string, TensorInfo>;
    const s = readScan(named, backend, attrs);
    const { b, l, n, gated, channels } = s;
    const sequence = b * l * channels.padded;
    const state = b * n * channels.padded;
    const call = placeInputs(kernels, s, {
      dy: sequence, dstate: state, du: sequence, ddelta: sequence, dAt: n * channels.padded, dB: b * l * s.g * n,
      dC: b * l * s.g * n, dD: channels.padded, ...(gated ? { dz: sequence } : {}), ddeltaBias: channels.padded,
      dinitialState: state, scratch: kernels.selectiveScanBackwardScratchBytes(l, n) / 4,
    });
    call.run(kernels.selectiveScanBackward);
    const write: Record<(typeof SELECTIVE_SCAN_KERNEL_INPUTS)[number], (to: Float32Array) => void> = {
      u: (to) => channels.unpad(call.view('du'), to),
      delta: (to) => channels.unpad(call.view('ddelta'), to),
      A: (to) => channels.unpadTransposed(call.view('dAt'), n, to),
      B: (to) => to.set(call.view('dB')),
      C: (to) => to.set(call.view('dC')),
      D: (to) => channels.unpad(call.view('dD'), to),
      z: (to) => gated && channels.unpad(call.view('dz'), to),
      deltaBias: (to) => channels.unpad(call.view('ddeltaBias'), to),
      initialState: (to) => channels.unpadTransposed(call.view('dinitialState'), n, to),
    };
    const shapes = SELECTIVE_SCAN_KERNEL_INPUTS.map((name) => [...(named[name] as TensorInfo).shape]);
    return outputs(s.memory, shapes, (views) => SELECTIVE_SCAN_KERNEL_INPUTS.forEach((name, i) => write[name](views[i] as Float32Array)));
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
