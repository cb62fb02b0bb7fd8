import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { SumRows } from '../../ops/kernel-names.js';
import { hostMemory } from '../host-memory.js';

/**
 * SumRows (ops/kernel-names.ts) as a typed-array loop over the tensor's own storage, rows in order,
 * summed in float64: the cpu backend's kernel, the reference of the SIMD one (kernels/wasm/sum-rows-wasm.ts)
 * and wasm's where that cannot run.
 */
export const sumRowsKernel: KernelFunc = ({ inputs, backend }) => {
  const memory = hostMemory(backend);
  const info = (inputs as { x: TensorInfo }).x;
  const [rows, cols] = info.shape as [number, number];
  const out = memory.allocate([cols]);
  const x = memory.view(info);
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) sums[c] = (sums[c] as number) + (x[r * cols + c] as number);
  }
  memory.view(out).set(sums);
  return out;
};

/** Registers the typed-array SumRows for `backends`, skipping any that already has one. */
export function registerCpuSumRowsKernels(backends: string[]): void {
  for (const backendName of backends) {
    if (tf.getKernel(SumRows, backendName) === undefined) tf.registerKernel({ kernelName: SumRows, backendName, kernelFunc: sumRowsKernel });
  }
}
