import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';

/** tfjs-backend-wasm's own kernels that `replaceWasmKernel` replaced, by kernel name. */
const originals = new Map<string, KernelConfig>();

/**
 * Registers `make(original)` as the wasm backend's kernel `kernelName` in place of tfjs-backend-wasm's
 * `original`, keeping its setup function. Once per process: a second call leaves the first replacement.
 * Returns false where the backend has no such kernel.
 */
export function replaceWasmKernel(kernelName: string, make: (original: KernelConfig) => KernelFunc): boolean {
  if (originals.has(kernelName)) return true;
  const original = tf.getKernel(kernelName, 'wasm');
  if (original === undefined) return false;
  const kernelFunc = make(original);
  originals.set(kernelName, original);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc } as KernelConfig);
  return true;
}

/**
 * tfjs-backend-wasm's own kernel `kernelName` (BatchMatMul, Identity, Cast, Slice, SplitV, Concat, Reverse, Exp, Tanh,
 * Erf) once `initBackend('wasm')` has replaced it, else undefined: tests and benchmarks compare the two.
 */
export function tfjsWasmKernel(kernelName: string): KernelConfig | undefined {
  return originals.get(kernelName);
}
