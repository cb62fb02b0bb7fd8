import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init-backend.js';
import type { ConcreteBackend } from '../backend/backend-types.js';

/**
 * Switches to a backend for a test file and fails if it did not load (cpu and wasm always must).
 */
export async function useBackend(name: ConcreteBackend): Promise<void> {
  const info = await initBackend(name);
  if (info.backend !== name) throw new Error(`test needs backend ${name}: ${info.message}`);
}

/**
 * Whether WebGPU tests run here: they need a WebGPU adapter (Mesa lavapipe on CPU machines, see .ci/run).
 * With HYBRIDSSM_REQUIRE_WEBGPU=1 (set by CI) an unavailable adapter is an error, not a skip.
 */
export async function webgpuForTests(): Promise<boolean> {
  const info = await initBackend('webgpu');
  if (info.backend === 'webgpu') return true;
  if (process.env.HYBRIDSSM_REQUIRE_WEBGPU === '1') {
    throw new Error(`HYBRIDSSM_REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${info.message}`);
  }
  return false;
}

/** `f` run on tfjs's cpu backend (the reference whose kernels core leaves untouched), then back on wasm. */
export async function onCpuThenWasm<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}
