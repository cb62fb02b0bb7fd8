import { existsSync, readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { LoadResult } from './backend-types.js';
import { firstLine } from './first-line.js';

/** The native bindings, GPU build first; both are optional dependencies (see README §tensorflow backend). */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** Whether the Linux NVIDIA driver reports at least one GPU. */
function nvidiaGpuPresent(): boolean {
  const dir = '/proc/driver/nvidia/gpus';
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/**
 * Loads libtensorflow through tfjs-node(-gpu). With `gpuOnly` (what `auto` asks) only the GPU build
 * on a machine with an NVIDIA GPU counts.
 */
export async function loadTensorflow(gpuOnly: boolean): Promise<LoadResult> {
  const failures: string[] = [];
  for (const name of gpuOnly ? NATIVE_PACKAGES.slice(0, 1) : NATIVE_PACKAGES) {
    if (name === '@tensorflow/tfjs-node-gpu' && !nvidiaGpuPresent()) {
      failures.push(`${name}: no NVIDIA GPU`);
      continue;
    }
    try {
      await import(name);
      if (await tf.setBackend('tensorflow')) return { ok: true, detail: `libtensorflow through ${name}` };
      failures.push(`${name}: loaded but the 'tensorflow' backend did not initialise`);
    } catch (error) {
      failures.push(`${name}: ${describeLoadError(error)}`);
    }
  }
  return { ok: false, reason: failures.join('; ') };
}

function describeLoadError(error: unknown): string {
  const text = firstLine(error);
  if (/Cannot find (package|module) '@tensorflow\/tfjs-node/.test(text)) return 'not installed';
  if (/tfjs_binding\.node|napi-v\d/.test(text)) return 'installed without its libtensorflow binary (its install step did not run)';
  return text;
}
