import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

const SLICE = 'Slice';
const SPLIT_V = 'SplitV';

/** The parts of tfjs-backend-wasm's BackendWasm that kernels reading and writing the heap in JavaScript use. */
export interface HeapViews {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * out = x[begin : begin + size] read straight from the wasm heap. Axes after the last partial one are
 * whole, so each output run is `size[k] · Π shape[k+1..]` contiguous values: one `set` per run over the
 * index space of the axes before k (for [b, l+3, c] sliced along l: b runs of l·c values).
 */
function sliceOnHeap(backend: HeapViews, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype); // may grow the heap: take the views after it
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
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
  const runs = total / run;
  const index = new Array<number>(k).fill(0);
  for (let r = 0; r < runs; r++) {
    let offset = (begin[k] as number) * inner;
    for (let axis = 0; axis < k; axis++) offset += ((begin[axis] as number) + (index[axis] as number)) * (strides[axis] as number);
    dst.set(src.subarray(offset, offset + run), r * run);
    for (let axis = k - 1; axis >= 0; axis--) {
      if (++(index[axis] as number) < (size[axis] as number)) break;
      index[axis] = 0;
    }
  }
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
