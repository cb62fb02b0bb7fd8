import * as tf from '@tensorflow/tfjs';
import { ArgumentError } from './arg-checker.js';
import { SelectiveScan, SsdScan } from './kernel-names.js';
import './scan-gradients.js';
import type { ScanImpl, ScanResult } from './scan-types.js';

export type ResolvedImpl = Exclude<ScanImpl, 'auto'>;

/** Whether a fused kernel is registered for the active backend. */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** The implementations that can run `op` on the active backend, `kernel` only where one is registered. */
export function availableScanImpls(op: 'selectiveScan' | 'ssdScan'): ResolvedImpl[] {
  const kernelName = op === 'selectiveScan' ? SelectiveScan : SsdScan;
  return hasKernel(kernelName) ? ['reference', 'chunked', 'kernel'] : ['reference', 'chunked'];
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

/** Runs a registered fused scan kernel (inputs as `kernel-names.ts` specifies); its gradient is registered. */
export function runScanKernel(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean>): ScanResult {
  const [y, state] = tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor[];
  return { y: y as tf.Tensor, state: state as tf.Tensor };
}
