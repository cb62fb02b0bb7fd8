import * as tf from '@tensorflow/tfjs';
import { Rng, tfjsWasmKernel } from '@hybridssm/core';
import { interleavedSpeedup } from '@hybridssm/harness';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';

/** One product shape: A [..batch, m, k] (or its transpose) times B [..batch, k, n] (or its transpose). */
export interface MatMulShape {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** The products of a forecasting family update (ETTh1-96, d_model 16, 56 series of 288 steps): attention scores and a Linear. */
export const ATTENTION_SCORES: MatMulShape = { name: 'attention scores q·kᵀ [56,2,288,8]·[56,2,288,8]ᵀ', a: [56, 2, 288, 8], b: [56, 2, 288, 8], transposeA: false, transposeB: true };
export const LINEAR_PRODUCT: MatMulShape = { name: 'Linear x·Wᵀ [16128,16]·[64,16]ᵀ', a: [16128, 16], b: [64, 16], transposeA: false, transposeB: true };

/** One kernel call on the wasm backend, its output freed. */
function callKernel(kernel: KernelConfig, a: tf.Tensor, b: tf.Tensor, s: MatMulShape): void {
  const backend = tf.backend();
  const out = kernel.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: s.transposeA, transposeB: s.transposeB } }) as TensorInfo;
  backend.disposeData(out.dataId);
}

/** time(tfjs-backend-wasm's BatchMatMul)/time(ours) for one product on the wasm backend, calls interleaved; ratio of the fastest calls. */
export async function measureMatMulSpeedup(s: MatMulShape, rounds: number): Promise<number> {
  const tfjs = tfjsWasmKernel('BatchMatMul');
  const ours = tf.getKernel('BatchMatMul', 'wasm');
  if (tf.getBackend() !== 'wasm' || tfjs === undefined || ours === undefined) {
    throw new Error(`the matmul speedup is measured on the wasm backend with our BatchMatMul installed (initBackend('wasm')); backend is ${tf.getBackend()}`);
  }
  const rng = new Rng(7);
  const a = rng.normalTensor(s.a);
  const b = rng.normalTensor(s.b);
  const speedup = await interleavedSpeedup(() => callKernel(tfjs, a, b, s), () => callKernel(ours, a, b, s), rounds);
  tf.dispose([a, b]);
  return speedup;
}
