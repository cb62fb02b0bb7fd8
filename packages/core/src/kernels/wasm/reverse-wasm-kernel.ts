import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { replaceWasmKernel } from './replace-wasm-kernel.js';
import type { HeapViews } from './copy-runs-wasm.js';

const REVERSE = 'Reverse';

/** Runs at least this long are copied with `set` on subarrays; shorter ones value by value. */
const SET_RUN = 32;

/**
 * x reversed along `axes`, read and written on the wasm heap. With k the last reversed axis, the axes
 * after it stay in order: each step along k moves a run of Π shape[k+1..] contiguous values from its
 * mirrored place (for [b, l, d] reversed along l: b·l runs of d values; along d: runs of one value).
 */
function reverseOnHeap(backend: HeapViews, x: TensorInfo, axes: number[]): TensorInfo {
  const out = backend.makeOutput([...x.shape], x.dtype); // may grow the heap: take the views after it
  const total = tf.util.sizeFromShape(x.shape);
  if (total === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const shape = x.shape;
  const last = Math.max(...axes);
  const run = tf.util.sizeFromShape(shape.slice(last + 1));
  const along = shape[last] as number;
  // the axes before k: reversed or not, their strides, and the index being visited
  const reversed = shape.slice(0, last).map((_, axis) => axes.includes(axis));
  const strides = new Array<number>(last);
  let stride = along * run;
  for (let axis = last - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis] as number;
  }
  const index = new Array<number>(last).fill(0);
  for (let to = 0; to < total; ) {
    let base = 0;
    for (let axis = 0; axis < last; axis++) {
      const i = index[axis] as number;
      base += (reversed[axis] ? (shape[axis] as number) - 1 - i : i) * (strides[axis] as number);
    }
    for (let i = along - 1; i >= 0; i--, to += run) {
      const from = base + i * run;
      if (run >= SET_RUN) dst.set(src.subarray(from, from + run), to);
      else for (let j = 0; j < run; j++) dst[to + j] = src[from + j] as number;
    }
    for (let axis = last - 1; axis >= 0; axis--) {
      if (++(index[axis] as number) < (shape[axis] as number)) break;
      index[axis] = 0;
    }
  }
  return out;
}

/**
 * Reverse for the wasm backend, on its heap. tfjs-backend-wasm's moves one value at a time through a
 * generic index map: 12 ms for [32, 49, 256] along the 49 on a 2-core EPYC (the bidirectional scans of
 * DiM and Dimba reverse every patch sequence, forward and backward), against 0.6 ms here
 * (results/bench/elementwise.md).
 * String and complex tensors keep tfjs's kernel.
 */
export function overrideWasmReverse(): void {
  replaceWasmKernel(REVERSE, (original): KernelFunc => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string' || x.dtype === 'complex64') return original.kernelFunc(args);
    const { dims } = args.attrs as NamedAttrMap & { dims: number | number[] };
    const axes = x.shape.length === 0 ? [] : tf.util.parseAxisParam(dims, x.shape);
    const backend = args.backend as unknown as HeapViews;
    if (axes.length === 0) {
      const out = backend.makeOutput([...x.shape], x.dtype);
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x));
      return out;
    }
    return reverseOnHeap(backend, x, axes);
  });
}
