import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { CausalConv1d, CausalConv1dGrad } from '../../ops/kernel-names.js';
import { hostMemory } from '../host-memory.js';
import { scratchOf } from './decode-step-kernels.js';
import type { Named } from './decode-step-kernels.js';

/**
 * The depthwise causal conv kernels (ops/kernel-names.ts) as typed-array loops over the tensors' own
 * storage: the cpu backend's, the reference of the SIMD ones (kernels/wasm/causal-conv1d-wasm.ts), and
 * wasm's where those cannot run. One pass over x (and dy) instead of the composition's k shifted copies.
 * Sums in float64, stored as float32.
 */

/** The sizes of a call: x [b,l,c], weight [c,1,k]. */
export function convDims(named: Named): { b: number; l: number; c: number; k: number } {
  const [b, l, c] = (named.x as TensorInfo).shape as [number, number, number];
  const weightShape = (named.weight as TensorInfo).shape;
  return { b, l, c, k: weightShape[weightShape.length - 1] as number };
}

/** y[b,t,c] = Σ_j w[c,j] · x[b,t−(k−1)+j,c] + bias[c], the terms before time 0 left out. */
export const causalConv1dForward: KernelFunc = ({ inputs, backend }) => {
  const memory = hostMemory(backend);
  const named = inputs as unknown as Named;
  const { b, l, c, k } = convDims(named);
  const out = memory.allocate([b, l, c]);
  const y = memory.view(out);
  const x = memory.view(named.x as TensorInfo);
  const w = memory.view(named.weight as TensorInfo);
  const bias = named.bias === undefined ? undefined : memory.view(named.bias);
  for (let row = 0; row < b * l; row++) {
    const t = row % l;
    for (let ch = 0; ch < c; ch++) {
      let acc = bias === undefined ? 0 : (bias[ch] as number);
      for (let j = Math.max(0, k - 1 - t); j < k; j++) acc += (w[ch * k + j] as number) * (x[(row - (k - 1) + j) * c + ch] as number);
      y[row * c + ch] = acc;
    }
  }
  return out;
};

/**
 * For cotangent dy: dx[b,s,c] = Σ_j w[c,j] · dy[b,s+k−1−j,c] (the terms past time l−1 left out),
 * dw[c,j] = Σ_{b,t} dy[b,t,c] · x[b,t−(k−1)+j,c], and with attr hasBias dbias[c] = Σ_{b,t} dy[b,t,c].
 */
export const causalConv1dBackward: KernelFunc = ({ inputs, backend, attrs }) => {
  const memory = hostMemory(backend);
  const named = inputs as unknown as Named;
  const { b, l, c, k } = convDims(named);
  const hasBias = (attrs as { hasBias?: boolean } | undefined)?.hasBias === true;
  const outputs = [memory.allocate([b, l, c]), memory.allocate([...(named.weight as TensorInfo).shape]), ...(hasBias ? [memory.allocate([c])] : [])];
  // views after every allocation (a wasm heap growth detaches earlier ones)
  const [dx, dw, db] = outputs.map((info) => memory.view(info)) as [Float32Array, Float32Array, Float32Array | undefined];
  const x = memory.view(named.x as TensorInfo);
  const w = memory.view(named.weight as TensorInfo);
  const dy = memory.view(named.dy as TensorInfo);
  const sums = scratchOf(c * k + c).fill(0, 0, c * k + c); // dw [c,k], then dbias [c]
  for (let row = 0; row < b * l; row++) {
    const t = row % l;
    for (let ch = 0; ch < c; ch++) {
      const at = row * c + ch;
      let acc = 0;
      for (let j = Math.max(0, t + k - l); j < k; j++) acc += (w[ch * k + j] as number) * (dy[at + (k - 1 - j) * c] as number);
      dx[at] = acc;
      const g = dy[at] as number;
      for (let j = Math.max(0, k - 1 - t); j < k; j++) sums[ch * k + j] = (sums[ch * k + j] as number) + g * (x[at - (k - 1 - j) * c] as number);
      sums[c * k + ch] = (sums[c * k + ch] as number) + g;
    }
  }
  dw.set(sums.subarray(0, c * k));
  db?.set(sums.subarray(c * k, c * k + c));
  return outputs;
};

/** Registers the typed-array conv kernels for `backendNames`, skipping any already registered there. */
export function registerCpuCausalConv1dKernels(backendNames: readonly string[]): void {
  for (const backendName of backendNames) {
    for (const [kernelName, kernelFunc] of [[CausalConv1d, causalConv1dForward], [CausalConv1dGrad, causalConv1dBackward]] as const) {
      if (tf.getKernel(kernelName, backendName) === undefined) tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}
