import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { SELECTIVE_SCAN_STEP_KERNEL_INPUTS, SSD_STEP_KERNEL_INPUTS, SelectiveScanStep, SsdStep } from '../../ops/kernel-names.js';
import { output, readInputs } from '../array-backend.js';
import type { ArrayBackend } from '../array-backend.js';
import { sigmoid, softplus } from './scalar-math.js';

/**
 * Decode-step kernels on typed arrays, one pass over the state (a step is memory bound): they serve
 * cpu and wasm wherever the SIMD module does not (see register-all.ts).
 * Per channel (or head row) c: h' = exp(dt A) h + dt x B, y = (h'·C + D x) silu(z).
 */

/** selectiveScanStep: u, delta, z [b,d]; A [d,n]; B, C [b,g,n]; state [b,d,n]. */
const selectiveStepKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const arrays = backend as unknown as ArrayBackend;
  const named = inputs as Record<string, TensorInfo>;
  const { u: uIn, delta, A, B, C, D, z: zIn, deltaBias, state: hIn } = readInputs(arrays, named, SELECTIVE_SCAN_STEP_KERNEL_INPUTS);
  const [b, g, n] = (named.B as TensorInfo).shape as [number, number, number];
  const d = (named.u as TensorInfo).shape[1] as number;
  const soft = attrs?.deltaSoftplus !== false;
  const gated = attrs?.gated === true;
  const y = new Float32Array(b * d);
  const state = new Float32Array(b * d * n);
  for (let bi = 0; bi < b; bi++) {
    for (let c = 0; c < d; c++) {
      const idx = bi * d + c;
      const raw = (delta[idx] as number) + (deltaBias[c] as number);
      const dt = soft ? softplus(raw) : raw;
      const u = uIn[idx] as number;
      const drive = dt * u;
      const bc = (bi * g + Math.floor(c / (d / g))) * n;
      let acc = (D[c] as number) * u;
      for (let j = 0; j < n; j++) {
        const s = idx * n + j;
        const h = Math.exp(dt * (A[c * n + j] as number)) * (hIn[s] as number) + drive * (B[bc + j] as number);
        state[s] = h;
        acc += h * (C[bc + j] as number);
      }
      const z = gated ? (zIn[idx] as number) : 0;
      y[idx] = gated ? acc * z * sigmoid(z) : acc;
    }
  }
  return [output(arrays, [b, d], y), output(arrays, [b, d, n], state)];
};

/** ssdStep: x, z [b,h,p]; dt [b,h]; A, D, dtBias [h]; B, C [b,g,n]; state [b,h,p,n]. */
const ssdStepKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const arrays = backend as unknown as ArrayBackend;
  const named = inputs as Record<string, TensorInfo>;
  const { x: xIn, dt: dtIn, A, B, C, D, z: zIn, dtBias, state: hIn } = readInputs(arrays, named, SSD_STEP_KERNEL_INPUTS);
  const [b, h, p] = (named.x as TensorInfo).shape as [number, number, number];
  const [, g, n] = (named.B as TensorInfo).shape as [number, number, number];
  const soft = attrs?.dtSoftplus !== false;
  const gated = attrs?.gated === true;
  const y = new Float32Array(b * h * p);
  const state = new Float32Array(b * h * p * n);
  for (let bi = 0; bi < b; bi++) {
    for (let head = 0; head < h; head++) {
      const raw = (dtIn[bi * h + head] as number) + (dtBias[head] as number);
      const dt = soft ? softplus(raw) : raw;
      const decay = Math.exp(dt * (A[head] as number));
      const bc = (bi * g + Math.floor(head / (h / g))) * n;
      for (let row = 0; row < p; row++) {
        const idx = (bi * h + head) * p + row;
        const x = xIn[idx] as number;
        const drive = dt * x;
        let acc = (D[head] as number) * x;
        for (let j = 0; j < n; j++) {
          const s = idx * n + j;
          const hj = decay * (hIn[s] as number) + drive * (B[bc + j] as number);
          state[s] = hj;
          acc += hj * (C[bc + j] as number);
        }
        const z = gated ? (zIn[idx] as number) : 0;
        y[idx] = gated ? acc * z * sigmoid(z) : acc;
      }
    }
  }
  return [output(arrays, [b, h, p], y), output(arrays, [b, h, p, n], state)];
};

/** Registers both typed-array step kernels for the given backends (no gradient: decode only). */
export function registerCpuScanStepKernels(backendNames: readonly string[] = ['cpu', 'wasm']): void {
  for (const backendName of backendNames) {
    for (const [kernelName, kernelFunc] of [[SelectiveScanStep, selectiveStepKernel], [SsdStep, ssdStepKernel]] as const) {
      if (tf.getKernel(kernelName, backendName) === undefined) tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}
