import * as tf from '@tensorflow/tfjs';
import { backendZeros } from '../util/backend-zeros.js';
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

/**
 * Picks the implementation to run: `auto` prefers the backend's fused kernel, else `fallback`
 * (`chunked` for the scans, `reference` for the decode steps, which have no chunked form).
 */
export function resolveScanImpl(
  opName: string, requested: ScanImpl, kernelName: string, fallback: 'chunked' | 'reference' = 'chunked',
): ResolvedImpl {
  if (requested === 'auto') return hasKernel(kernelName) ? 'kernel' : fallback;
  if (requested === 'kernel' && !hasKernel(kernelName)) {
    throw new ArgumentError(
      `${opName}: option 'impl' is 'kernel', but no fused ${opName} kernel is registered for backend ` +
        `'${tf.getBackend()}'; use ${fallback === 'chunked' ? "'auto', 'chunked' or 'reference'" : "'auto' or 'reference'"}`,
    );
  }
  return requested;
}

/**
 * The optional inputs every fused scan kernel takes (kernel-names.ts lists them as fixed inputs): an
 * absent skip D and dt bias are zeros over the `channels` (d or h), an absent gate z is empty.
 */
export function fixedKernelInputs(D: tf.Tensor | undefined, z: tf.Tensor | undefined, bias: tf.Tensor | undefined, channels: number): { D: tf.Tensor; z: tf.Tensor; bias: tf.Tensor } {
  return { D: D ?? backendZeros([channels]), z: z ?? backendZeros([0]), bias: bias ?? backendZeros([channels]) };
}

/** Runs a registered fused kernel that returns [y, state] (inputs as `kernel-names.ts` specifies). */
export function runScanKernel(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean>): ScanResult {
  const [y, state] = tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor[];
  return { y: y as tf.Tensor, state: state as tf.Tensor };
}
