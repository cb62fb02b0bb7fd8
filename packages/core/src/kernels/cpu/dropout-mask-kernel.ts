import * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';
import { DropoutMask } from '../../ops/kernel-names.js';
import { fillDropoutMask } from '../../util/dropout-hash.js';
import { hostMemory } from '../host-memory.js';

/** DropoutMask (ops/kernel-names.ts) written straight into the new tensor's storage: cpu's and wasm's kernel. */
export const dropoutMaskKernel: KernelFunc = ({ backend, attrs }) => {
  const { shape, seedHash, threshold, scale } = attrs as unknown as { shape: number[]; seedHash: number; threshold: number; scale: number };
  const memory = hostMemory(backend);
  const out = memory.allocate(shape);
  fillDropoutMask(memory.view(out), { seedHash: seedHash >>> 0, threshold, scale });
  return out;
};

/** Registers the typed-array DropoutMask for `backends`, skipping any that already has one. */
export function registerCpuDropoutMaskKernels(backends: string[]): void {
  for (const backendName of backends) {
    if (tf.getKernel(DropoutMask, backendName) === undefined) tf.registerKernel({ kernelName: DropoutMask, backendName, kernelFunc: dropoutMaskKernel });
  }
}
