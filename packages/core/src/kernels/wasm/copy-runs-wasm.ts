import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { heapBinder } from './heap-binding.js';
import { heapModuleLoader } from './heap-module-file.js';

/** The parts of tfjs-backend-wasm's BackendWasm that kernels reading and writing the heap use. */
export interface HeapViews {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

interface CopyKernels {
  copyRuns(src: number, srcStride: number, dst: number, dstStride: number, runs: number, runBytes: number): void;
}

export const copyHeapModule = heapModuleLoader('copy-kernels.wasm', 'fallback');
const copyOnHeap = heapBinder<CopyKernels>(copyHeapModule);

/** One strided copy: `runs` runs of `run` values, run r from `from` + r·fromStride of x to `to` + r·toStride of out (offsets and strides in values). */
export interface Runs {
  from: number;
  fromStride: number;
  to: number;
  toStride: number;
  runs: number;
  run: number;
}

/**
 * Copies on the wasm heap from x into out, with build/copy-kernels.wasm (`memory.copy` per run) where it
 * is bound to this backend, else a typed-array `set` per run. Take `out` from makeOutput before calling
 * (an allocation may grow the heap).
 */
export function copyRunsOnHeap(backend: HeapViews, x: TensorInfo, out: TensorInfo, copies: readonly Runs[]): void {
  const binding = copyOnHeap(backend);
  if (binding !== undefined) {
    const bytes = tf.util.bytesPerElement(x.dtype);
    const src = binding.backend.getMemoryOffset(x.dataId), dst = binding.backend.getMemoryOffset(out.dataId);
    for (const c of copies) {
      binding.kernels.copyRuns(src + c.from * bytes, c.fromStride * bytes, dst + c.to * bytes, c.toStride * bytes, c.runs, c.run * bytes);
    }
    return;
  }
  const source = backend.typedArrayFromHeap(x), target = backend.typedArrayFromHeap(out);
  for (const c of copies) {
    for (let r = 0; r < c.runs; r++) {
      const from = c.from + r * c.fromStride;
      target.set(source.subarray(from, from + c.run), c.to + r * c.toStride);
    }
  }
}
