import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { copyRunsOnHeap } from './copy-runs-wasm.js';
import type { HeapViews } from './copy-runs-wasm.js';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

const CONCAT = 'Concat';

/**
 * Inputs joined along `axis` on the wasm heap: with the axes before it as rows, input i fills columns
 * [offset_i, offset_i + width_i) of every row of out [rows, Σ width], one strided copy per input.
 */
function concatOnHeap(backend: HeapViews, inputs: TensorInfo[], axis: number): TensorInfo {
  const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const out = backend.makeOutput(outShape, (inputs[0] as TensorInfo).dtype); // may grow the heap: take the views after it
  const rows = tf.util.sizeFromShape(outShape.slice(0, axis));
  const rowWidth = tf.util.sizeFromShape(outShape.slice(axis));
  if (rows * rowWidth === 0) return out;
  let offset = 0;
  for (const input of inputs) {
    const width = tf.util.sizeFromShape(input.shape.slice(axis));
    if (width > 0) copyRunsOnHeap(backend, input, out, [{ from: 0, fromStride: width, to: offset, toStride: rowWidth, runs: rows, run: width }]);
    offset += width;
  }
  return out;
}

function concatKernel(original: KernelConfig): KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const first = inputs[0];
    if (first === undefined || inputs.some((t) => t.dtype === 'string' || t.dtype === 'complex64' || t.dtype !== first.dtype)) return original.kernelFunc(args);
    const axis = tf.util.parseAxisParam((args.attrs as NamedAttrMap & { axis: number | number[] }).axis, first.shape)[0] as number;
    tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    return concatOnHeap(args.backend as unknown as HeapViews, inputs, axis);
  };
}

/**
 * Concat for the wasm backend with one strided heap copy per input. tfjs-backend-wasm's moves each row of
 * each input with a typed-array `set` on a fresh subarray in JavaScript: the gradient of Mamba-2's split of
 * in_proj's output, a concat of [8·512] rows of three widths, was 4% of a byte-LM training update.
 * String and complex tensors keep tfjs's kernel.
 */
export function overrideWasmConcat(): void {
  replaceWasmKernel(CONCAT, concatKernel);
}
