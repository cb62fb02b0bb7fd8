import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { copyRunsOnHeap } from './copy-runs-wasm.js';
import type { HeapViews, Runs } from './copy-runs-wasm.js';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

const SLICE = 'Slice';
const SPLIT_V = 'SplitV';

/**
 * out = x[begin : begin + size] read straight from the wasm heap. Axes after the last partial one, k, are
 * whole, so each output run is `size[k] · Π shape[k+1..]` contiguous values; the runs along axis k−1 are
 * one strided copy (copy-runs-wasm.ts), one per index of the axes before it (for [b, l, c] sliced along c:
 * b copies of l runs of size[c] values).
 */
function sliceOnHeap(backend: HeapViews, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype); // may grow the heap: take the views after it
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const shape = x.shape;
  let k = shape.length - 1;
  let inner = 1; // values of the whole trailing axes
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) inner *= shape[k--] as number;
  const run = (size[k] as number) * inner;
  const strides = new Array<number>(k).fill(0);
  let stride = (shape[k] as number) * inner;
  for (let axis = k - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis] as number;
  }
  if (k === 0) {
    copyRunsOnHeap(backend, x, out, [{ from: (begin[0] as number) * inner, fromStride: 0, to: 0, toStride: 0, runs: 1, run }]);
    return out;
  }
  // one strided copy along axis k − 1 per index of the axes before it
  const along = k - 1;
  const runs = size[along] as number;
  const copies: Runs[] = [];
  const index = new Array<number>(along).fill(0);
  for (let to = 0; to < total; to += runs * run) {
    let from = (begin[k] as number) * inner + (begin[along] as number) * (strides[along] as number);
    for (let axis = 0; axis < along; axis++) from += ((begin[axis] as number) + (index[axis] as number)) * (strides[axis] as number);
    copies.push({ from, fromStride: strides[along] as number, to, toStride: run, runs, run });
    for (let axis = along - 1; axis >= 0; axis--) {
      if (++(index[axis] as number) < (size[axis] as number)) break;
      index[axis] = 0;
    }
  }
  copyRunsOnHeap(backend, x, out, copies);
  return out;
}

function sliceKernel(original: KernelConfig): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args);
    const attrs = args.attrs as NamedAttrMap & { begin: number | number[]; size: number | number[] };
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size) as [number[], number[]];
    return sliceOnHeap(args.backend as unknown as HeapViews, x, begin, size);
  };
}

function splitVKernel(original: KernelConfig): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args);
    const { numOrSizeSplits, axis } = args.attrs as NamedAttrMap & { numOrSizeSplits: number | number[]; axis: number };
    const splitAxis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, splitAxis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[splitAxis] = s;
      const part = sliceOnHeap(args.backend as unknown as HeapViews, x, begin, size);
      begin[splitAxis] = (begin[splitAxis] as number) + s;
      return part;
    });
  };
}

/**
 * Slice and SplitV for the wasm backend that read their input where it lies on the heap. tfjs-backend-
 * wasm's read it with `readSync`, which copies the whole input out of the heap first (`HEAPU8.slice`):
 * splitting Mamba-2's in_proj output [8, 512, 2184] into z, xBC and dt copied 3 × 35 MB before moving
 * the 35 MB that the split is (80 ms on a 2-core machine; a copy of 19 MB takes 11 ms there).
 */
export function overrideWasmSlice(): void {
  replaceWasmKernel(SLICE, sliceKernel);
  replaceWasmKernel(SPLIT_V, splitVKernel);
}
