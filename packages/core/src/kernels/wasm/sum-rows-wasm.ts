import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { SumRows } from '../../ops/kernel-names.js';
import { sumRowsKernel } from '../cpu/sum-rows-kernel.js';
import { heapBinder, heapScratch } from './heap-binding.js';
import { heapModuleLoader } from './heap-module-file.js';

/**
 * SumRows on the wasm backend in WebAssembly SIMD (assembly/sum-rows.ts → build/reduce-kernels.wasm),
 * on tfjs-backend-wasm's own heap: it reads x where it lies. Without the module (package not rebuilt,
 * no SIMD, a shared heap) the typed-array kernel serves.
 */
interface ReduceKernels {
  sumRowsScratchBytes(cols: number): number;
  sumRows(x: number, rows: number, cols: number, out: number, scratch: number): void;
}

export const reduceHeapModule = heapModuleLoader('reduce-kernels.wasm', 'fallback');
const reduceOnHeap = heapBinder<ReduceKernels>(reduceHeapModule);

const sumRows: KernelFunc = (args) => {
  const binding = reduceOnHeap(args.backend);
  if (binding === undefined) return sumRowsKernel(args);
  const { backend, kernels } = binding;
  const x = (args.inputs as { x: TensorInfo }).x;
  const [rows, cols] = x.shape as [number, number];
  const out = backend.makeOutput([cols], 'float32');
  const scratch = heapScratch(binding, kernels.sumRowsScratchBytes(cols));
  kernels.sumRows(backend.getMemoryOffset(x.dataId), rows, cols, backend.getMemoryOffset(out.dataId), scratch);
  return out;
};

/** Registers the SIMD SumRows for the wasm backend where build/reduce-kernels.wasm loads; returns whether it did. */
export function registerWasmSumRowsKernel(): boolean {
  if (reduceHeapModule() === undefined) return false;
  if (tf.getKernel(SumRows, 'wasm') === undefined) tf.registerKernel({ kernelName: SumRows, backendName: 'wasm', kernelFunc: sumRows });
  return true;
}
