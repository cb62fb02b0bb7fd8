import * as tf from '@tensorflow/tfjs';
import { ArgumentError } from './arg-checker.js';
import type { ScanImpl, ScanResult } from './scan-types.js';

export type ResolvedImpl = Exclude<ScanImpl, 'auto'>;

/** Whether a fused kernel is registered for the active backend. */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** Picks the implementation to run: `auto` prefers the backend's fused kernel, else `chunked`. */
export function resolveScanImpl(opName: string, requested: ScanImpl, kernelName: string): ResolvedImpl {
  if (requested === 'auto') return hasKernel(kernelName) ? 'kernel' : 'chunked';
  if (requested === 'kernel' && !hasKernel(kernelName)) {
    throw new ArgumentError(
      `${opName}: option 'impl' is 'kernel', but no fused ${opName} kernel is registered for backend ` +
        `'${tf.getBackend()}'; use 'auto', 'chunked' or 'reference'`,
    );
  }
  return requested;
}

/** Runs a registered fused scan kernel; absent optional inputs are left out of the input map. */
export function runScanKernel(
  kernelName: string,
  inputs: Record<string, tf.Tensor | boolean | undefined>,
  attrs: Record<string, number | boolean>,
): ScanResult {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, value] of Object.entries(inputs)) if (value instanceof tf.Tensor) tensors[name] = value;
  const [y, state] = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor[];
  return { y: y as tf.Tensor, state: state as tf.Tensor };
}
