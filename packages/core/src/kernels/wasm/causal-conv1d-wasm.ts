import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { CausalConv1d, CausalConv1dGrad } from '../../ops/kernel-names.js';
import { causalConv1dBackward, causalConv1dForward, convDims } from '../cpu/causal-conv1d-kernels.js';
import type { Named } from '../cpu/decode-step-kernels.js';
import { heapBinder, heapScratch } from './heap-binding.js';
import type { HeapBinding } from './heap-binding.js';
import { heapModuleLoader } from './heap-module-file.js';

/**
 * The wasm backend's depthwise causal conv kernels in WebAssembly SIMD, four channels per f32x4
 * (assembly/causal-conv1d.ts → build/conv-kernels.wasm), instantiated on tfjs-backend-wasm's own heap:
 * they read x, weight and dy and write y, dx, dweight and dbias where the tensors lie, with no copy in
 * or out. Fewer than 4 channels, or no module (package not rebuilt, no SIMD, a shared heap), run the
 * typed-array kernels of kernels/cpu/causal-conv1d-kernels.ts.
 */

/** The exports of build/conv-kernels.wasm; pointers are byte offsets into the heap it is bound to (0: no bias). */
interface ConvKernels {
  causalConv1dForwardScratchBytes(c: number, k: number): number;
  causalConv1dForward(x: number, weight: number, bias: number, y: number, b: number, l: number, c: number, k: number, scratch: number): void;
  causalConv1dBackwardScratchBytes(c: number, k: number): number;
  causalConv1dBackward(
    x: number, weight: number, dy: number, dx: number, dweight: number, dbias: number, b: number, l: number, c: number, k: number, scratch: number,
  ): void;
}

/** The compiled module, or undefined where it is missing (package not rebuilt) or this engine lacks SIMD. */
export const convHeapModule = heapModuleLoader('conv-kernels.wasm', 'fallback');
const convOnHeap = heapBinder<ConvKernels>(convHeapModule);

/** The module on this call's heap, where it serves the call (c ≥ 4: the last group of four may overlap the one before). */
function bindingFor(backend: unknown, c: number): HeapBinding<ConvKernels> | undefined {
  return c >= 4 ? convOnHeap(backend) : undefined;
}

const forward: KernelFunc = (args) => {
  const named = args.inputs as unknown as Named;
  const { b, l, c, k } = convDims(named);
  const binding = bindingFor(args.backend, c);
  if (binding === undefined) return causalConv1dForward(args);
  const { backend, kernels } = binding;
  const out = backend.makeOutput([b, l, c], 'float32');
  const scratch = heapScratch(binding, kernels.causalConv1dForwardScratchBytes(c, k));
  const at = (info: TensorInfo | undefined) => (info === undefined ? 0 : backend.getMemoryOffset(info.dataId));
  kernels.causalConv1dForward(at(named.x), at(named.weight), at(named.bias), at(out), b, l, c, k, scratch);
  return out;
};

const backward: KernelFunc = (args) => {
  const named = args.inputs as unknown as Named;
  const { b, l, c, k } = convDims(named);
  const binding = bindingFor(args.backend, c);
  if (binding === undefined) return causalConv1dBackward(args);
  const { backend, kernels } = binding;
  const hasBias = (args.attrs as { hasBias?: boolean } | undefined)?.hasBias === true;
  const dx = backend.makeOutput([b, l, c], 'float32');
  const dweight = backend.makeOutput([...(named.weight as TensorInfo).shape], 'float32');
  const dbias = hasBias ? backend.makeOutput([c], 'float32') : undefined;
  const scratch = heapScratch(binding, kernels.causalConv1dBackwardScratchBytes(c, k));
  const at = (info: TensorInfo | undefined) => (info === undefined ? 0 : backend.getMemoryOffset(info.dataId));
  kernels.causalConv1dBackward(at(named.x), at(named.weight), at(named.dy), at(dx), at(dweight), at(dbias), b, l, c, k, scratch);
  return dbias === undefined ? [dx, dweight] : [dx, dweight, dbias];
};

/**
 * Registers the SIMD conv kernels for the wasm backend where build/conv-kernels.wasm is built and
 * validates; returns whether it did (elsewhere the typed-array kernels serve wasm).
 */
export function registerWasmCausalConv1dKernels(): boolean {
  if (convHeapModule() === undefined) return false;
  for (const [kernelName, kernelFunc] of [[CausalConv1d, forward], [CausalConv1dGrad, backward]] as const) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  return true;
}
