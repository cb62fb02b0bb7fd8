import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { SSD_SCAN_KERNEL_INPUTS, SsdScan, SsdScanGrad, SsdStep } from '../../ops/kernel-names.js';
import type { SsdDims } from '../../ops/scan-validation.js';
import { registerChunkStateBuffer } from '../../ops/chunk-state-buffer.js';
import { hostMemory } from '../host-memory.js';
import type { HostMemory } from '../host-memory.js';
import { KernelCall } from './kernel-call.js';
import { SSD_SCAN_ARG_FIELDS, checkArgFields } from './kernel-args.js';
import type { SsdScanArgField } from './kernel-args.js';
import { LanePadding } from './lane-padding.js';
import { runOnHeap, ssdOnHeap } from './ssd-on-heap.js';
import type { SsdHeapBinding } from './ssd-on-heap.js';
import { stepAtLengthOne } from './step-at-length-one.js';
import type { ScanKernels } from './scan-kernels-module.js';

// Two ways to run the SIMD kernels (assembly/ssd-scan-*.ts). On tfjs-backend-wasm, with n a multiple of 4,
// build/ssd-kernels.wasm runs on the backend's own heap: inputs are read and outputs written where the
// tensors lie (ssd-on-heap.ts). Elsewhere (the cpu backend; n padded to whole f32x4 vectors) the scan
// module's own memory holds a copy of every array: inputs are copied in from the backend's storage and
// outputs out into new tensors, once each (host-memory.ts).

/** An ssdScan kernel call's tensors and sizes. */
interface Scan extends SsdDims {
  named: Record<string, TensorInfo>;
  gated: boolean;
  dtSoftplus: boolean;
  /** the buffer the forward fills with every chunk's start state, if the call has one (chunk-state-buffer.ts) */
  chunkStates: TensorInfo | undefined;
  /** n padded to whole f32x4 vectors (B, C and the state-shaped arrays) */
  state: LanePadding;
}

function readScan(named: Record<string, TensorInfo>, attrs: NamedAttrMap | undefined): Scan {
  const [b, l, h, p] = (named.x as TensorInfo).shape as [number, number, number, number];
  const [, , g, n] = (named.B as TensorInfo).shape as [number, number, number, number];
  return {
    named, b, l, h, p, n, g, gated: attrs?.gated === true, dtSoftplus: attrs?.dtSoftplus !== false,
    chunkStates: named.chunkStates !== undefined && tf.util.sizeFromShape(named.chunkStates.shape) > 0 ? named.chunkStates : undefined,
    state: new LanePadding(n),
  };
}

/** The chunk-state buffer's shape: [b, chunks, h, p, n padded] (assembly/ssd-scan-forward.ts chunkStateOffset). */
function chunkStatesShape(kernels: Pick<ScanKernels, 'ssdScanChunkSteps'>, dims: SsdDims): number[] {
  return [dims.b, Math.ceil(dims.l / kernels.ssdScanChunkSteps()), dims.h, dims.p, new LanePadding(dims.n).padded];
}

/** The call's chunk-state buffer, checked against the shape the kernel writes. */
function chunkStatesOf(kernels: ScanKernels, s: Scan): TensorInfo | undefined {
  const buffer = s.chunkStates;
  const expected = chunkStatesShape(kernels, s);
  if (buffer !== undefined && !tf.util.arraysEqual(buffer.shape, expected)) {
    throw new Error(`ssdScan kernel: input 'chunkStates' must be empty or of shape [${expected}]; got [${buffer.shape}]`);
  }
  return buffer;
}

/** The size fields of the argument block (n padded). */
function sizes(s: Scan): Partial<Record<SsdScanArgField, number>> {
  return { b: s.b, l: s.l, h: s.h, p: s.p, n: s.state.padded, g: s.g, dtSoftplus: s.dtSoftplus ? 1 : 0, gated: s.gated ? 1 : 0 };
}

const INPUT_FIELDS = ['x', 'dt', 'A', 'B', 'C', 'D', 'z', 'dtBias', 'initialState'] as const;

/** The binding to run on the backend's heap, if this call can (tfjs-backend-wasm, n a multiple of 4); checks the module's argument block once. */
function heapFor(backend: unknown, s: Scan): SsdHeapBinding | undefined {
  if (s.state.padded !== s.n) return undefined;
  const binding = ssdOnHeap(backend);
  if (binding !== undefined && binding.kernels.ssdScanArgsBytes() !== 4 * SSD_SCAN_ARG_FIELDS.length) {
    throw new Error(`ssd-kernels.wasm: SsdScanArgs has ${binding.kernels.ssdScanArgsBytes() / 4} fields, the wrapper writes ${SSD_SCAN_ARG_FIELDS.length}; rebuild the package`);
  }
  return binding;
}

/** The inputs as argument-block tensors (z only if gated: an ungated call's z is empty and never read). */
function inputTensors(s: Scan): Partial<Record<SsdScanArgField, TensorInfo>> {
  return Object.fromEntries(INPUT_FIELDS.filter((name) => name !== 'z' || s.gated).map((name) => [name, s.named[name] as TensorInfo]));
}

/** Copies kernel input `name` into the call's array of that name (zero-padding the state axis if `padded`). */
function copyInput(call: KernelCall<SsdScanArgField>, s: Scan, memory: HostMemory, name: SsdScanArgField, padded = false): void {
  const values = memory.view(s.named[name] as TensorInfo);
  if (padded) s.state.pad(values, call.view(name));
  else call.view(name).set(values);
}

/** A new kernel output holding `values` (allocated first: an allocation may move the wasm heap's views). */
function outputWith(memory: HostMemory, shape: number[], values: Float32Array): TensorInfo {
  const info = memory.allocate(shape);
  memory.view(info).set(values);
  return info;
}

/** A kernel output copied from the call's array `field` (without the state axis' padding if `padded`). */
function outputOf(call: KernelCall<SsdScanArgField>, s: Scan, memory: HostMemory, field: SsdScanArgField, shape: number[], padded = false): TensorInfo {
  if (!padded || s.state.padded === s.n) return outputWith(memory, shape, call.view(field));
  const info = memory.allocate(shape);
  s.state.unpad(call.view(field), memory.view(info));
  return info;
}

/** Places and copies the inputs, and room for `more` arrays (lengths in floats), as assembly/kernel-args.ts lays them out. */
function placeInputs(kernels: ScanKernels, s: Scan, memory: HostMemory, more: Partial<Record<SsdScanArgField, number>>): KernelCall<SsdScanArgField> {
  const { b, l, h, p, g, gated, state } = s;
  const n = state.padded;
  const rows = b * l * h * p;
  const call = new KernelCall(kernels, SSD_SCAN_ARG_FIELDS, sizes(s), {
    x: rows, dt: b * l * h, A: h, B: b * l * g * n, C: b * l * g * n, D: h, dtBias: h,
    initialState: b * h * p * n, ...(gated ? { z: rows } : {}), ...more,
  });
  for (const name of ['x', 'dt', 'A', 'D', 'dtBias', ...(gated ? (['z'] as const) : [])] as const) copyInput(call, s, memory, name);
  for (const name of ['B', 'C', 'initialState'] as const) copyInput(call, s, memory, name, true);
  return call;
}

function forwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const s = readScan(inputs as Record<string, TensorInfo>, attrs);
    const { b, l, h, p, n, state } = s;
    const heap = heapFor(backend, s);
    // [y, state]; every chunk's start state into the buffer input, where the call has one
    const chunkStates = chunkStatesOf(kernels, s);
    if (heap !== undefined) {
      const outputs = { y: heap.backend.makeOutput([b, l, h, p], 'float32'), state: heap.backend.makeOutput([b, h, p, n], 'float32') };
      const k = heap.kernels;
      const tensors = { ...inputTensors(s), ...outputs, ...(chunkStates !== undefined ? { chunkStates } : {}) };
      runOnHeap(heap, SSD_SCAN_ARG_FIELDS, sizes(s), tensors, 'scratch', k.ssdScanForwardScratchBytes(p, n), k.ssdScanForward);
      return [outputs.y, outputs.state];
    }
    const memory = hostMemory(backend);
    const call = placeInputs(kernels, s, memory, {
      y: b * l * h * p, state: b * h * p * state.padded, scratch: kernels.ssdScanForwardScratchBytes(p, state.padded) / 4,
      ...(chunkStates !== undefined ? { chunkStates: tf.util.sizeFromShape(chunkStates.shape) } : {}),
    });
    call.run(kernels.ssdScanForward);
    if (chunkStates !== undefined) memory.view(chunkStates).set(call.view('chunkStates'));
    return [outputOf(call, s, memory, 'y', [b, l, h, p]), outputOf(call, s, memory, 'state', [b, h, p, n], true)];
  };
}

/** The gradient arrays of the argument block, by kernel input (its shape is the gradient's). */
const GRADIENT_FIELDS: Record<(typeof SSD_SCAN_KERNEL_INPUTS)[number], SsdScanArgField> = {
  x: 'dx', dt: 'ddt', A: 'dA', B: 'dB', C: 'dC', D: 'dD', z: 'dz', dtBias: 'ddtBias', initialState: 'dinitialState',
};

function backwardKernel(kernels: ScanKernels): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const named = inputs as Record<string, TensorInfo>;
    const s = readScan(named, attrs);
    const { b, l, h, p, g, gated, state } = s;
    const shapeOf = (name: string) => [...(named[name] as TensorInfo).shape];
    const heap = heapFor(backend, s);
    // the forward's chunk start states, when it kept them (else the kernel recomputes them)
    const chunkStates = chunkStatesOf(kernels, s);
    if (heap !== undefined) {
      const grads = Object.fromEntries(SSD_SCAN_KERNEL_INPUTS.map((name) => [name, heap.backend.makeOutput(shapeOf(name), 'float32')]));
      const outputs = Object.fromEntries(SSD_SCAN_KERNEL_INPUTS.filter((name) => name !== 'z' || gated).map((name) => [GRADIENT_FIELDS[name], grads[name] as TensorInfo]));
      const k = heap.kernels;
      const tensors = { ...inputTensors(s), dy: named.dy, dstate: named.dstate, ...outputs, ...(chunkStates !== undefined ? { chunkStates } : {}) };
      runOnHeap(heap, SSD_SCAN_ARG_FIELDS, sizes(s), tensors, 'scratch', k.ssdScanBackwardScratchBytes(l, h, p, s.n), k.ssdScanBackward);
      return SSD_SCAN_KERNEL_INPUTS.map((name) => grads[name] as TensorInfo);
    }
    const memory = hostMemory(backend);
    const n = state.padded;
    const rows = b * l * h * p;
    const call = placeInputs(kernels, s, memory, {
      dy: rows, dstate: b * h * p * n, dx: rows, ddt: b * l * h, dA: h, dB: b * l * g * n,
      dC: b * l * g * n, dD: h, ...(gated ? { dz: rows } : {}), ddtBias: h, dinitialState: b * h * p * n,
      scratch: kernels.ssdScanBackwardScratchBytes(l, h, p, n) / 4,
      ...(chunkStates !== undefined ? { chunkStates: tf.util.sizeFromShape(chunkStates.shape) } : {}),
    });
    copyInput(call, s, memory, 'dy');
    copyInput(call, s, memory, 'dstate', true);
    if (chunkStates !== undefined) copyInput(call, s, memory, 'chunkStates');
    call.run(kernels.ssdScanBackward);
    const padded = new Set<string>(['B', 'C', 'initialState']);
    return SSD_SCAN_KERNEL_INPUTS.map((name) =>
      name === 'z' && !gated
        ? outputWith(memory, shapeOf(name), new Float32Array(0))
        : outputOf(call, s, memory, GRADIENT_FIELDS[name], shapeOf(name), padded.has(name)),
    );
  };
}

/** Registers the SIMD SSD-scan kernels (forward and backward), and the decode step as the forward at l = 1, for the given backends. */
export function registerWasmSsdScanKernels(kernels: ScanKernels, backendNames: readonly string[]): void {
  checkArgFields(kernels);
  for (const backendName of backendNames) {
    if (tf.getKernel(SsdScan, backendName) !== undefined) continue;
    registerChunkStateBuffer(backendName, (dims) => chunkStatesShape(kernels, dims));
    tf.registerKernel({ kernelName: SsdScan, backendName, kernelFunc: forwardKernel(kernels) });
    tf.registerKernel({ kernelName: SsdScanGrad, backendName, kernelFunc: backwardKernel(kernels) });
    if (tf.getKernel(SsdStep, backendName) === undefined) {
      tf.registerKernel({ kernelName: SsdStep, backendName, kernelFunc: stepAtLengthOne(forwardKernel(kernels), ['x', 'dt', 'B', 'C', 'z']) });
    }
  }
}
