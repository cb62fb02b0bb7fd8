import * as tf from '@tensorflow/tfjs';
import type { LoadResult } from './backend-types.js';
import { firstLine } from './first-line.js';
import { overrideWasmBatchMatMul } from '../kernels/wasm/batch-matmul-wasm-kernel.js';
import { overrideWasmConcat } from '../kernels/wasm/concat-wasm-kernel.js';
import { overrideWasmCast, overrideWasmIdentity } from '../kernels/wasm/identity-wasm-kernel.js';
import { overrideWasmReverse } from '../kernels/wasm/reverse-wasm-kernel.js';
import { overrideWasmSlice } from '../kernels/wasm/slice-wasm-kernel.js';
import { overrideWasmUnaryMath } from '../kernels/wasm/unary-wasm-kernels.js';
import { loadScanKernels } from '../kernels/wasm/scan-kernels-module.js';

/**
 * tfjs's WebAssembly backend (XNNPACK, SIMD where the runtime has it), with our BatchMatMul (docs/wasm-matmul.md)
 * an Identity and a same-dtype Cast that share buffers instead of copying them (the gradient tape's saved
 * tensors, the gradients' float32 casts; docs/layers.md),
 * Slice/SplitV that read their input on the heap instead of copying all of it first, Slice/SplitV/Concat
 * moving their runs with `memory.copy` (build/copy-kernels.wasm), Reverse on the heap,
 * and Exp/Tanh/Erf in SIMD (docs/wasm-elementwise.md).
 */
export async function loadWasm(): Promise<LoadResult> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    overrideWasmBatchMatMul(loadScanKernels());
    overrideWasmIdentity();
    overrideWasmCast();
    overrideWasmSlice();
    overrideWasmConcat();
    overrideWasmReverse();
    overrideWasmUnaryMath();
    if (await tf.setBackend('wasm')) return { ok: true, detail: 'tfjs WebAssembly backend' };
    return { ok: false, reason: 'tfjs-backend-wasm did not initialise' };
  } catch (error) {
    return { ok: false, reason: `tfjs-backend-wasm failed: ${firstLine(error)}` };
  }
}

/** tfjs's pure-JavaScript backend: the reference every other backend is compared with. */
export async function loadCpu(): Promise<LoadResult> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'tfjs-backend-cpu did not initialise' };
  // The cpu backend greets Node users with a multi-line hint to install tfjs-node on first use;
  // we print our own one-line choice instead.
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  return { ok: true, detail: 'pure JavaScript reference backend' };
}
