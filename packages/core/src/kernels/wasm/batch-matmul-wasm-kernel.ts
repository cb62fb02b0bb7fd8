import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { KernelCall } from './kernel-call.js';
import { MATMUL_ARG_FIELDS, checkArgFields } from './kernel-args.js';
import type { ScanKernels } from './scan-kernels-module.js';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

const BATCH_MATMUL = 'BatchMatMul';
const TRANSPOSE = 'Transpose';
const TILE = 'Tile';

/** The methods of tfjs-backend-wasm's BackendWasm that this kernel uses. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}

/** A float32 operand as a batch of row-major matrices [batch, rows, cols], untransposed. */
interface Matrices {
  info: TensorInfo;
  batch: number;
  rows: number;
  cols: number;
}

/**
 * BatchMatMul for the wasm backend. tfjs-backend-wasm multiplies fast (XNNPACK) only when both operands
 * are untransposed single matrices; a transposed operand, as in every `Linear` (x Wᵀ) and in every
 * matmul gradient, or a batch of matrices, as in attention, runs its scalar loop, 10–40× slower
 * (docs/wasm-matmul.md). This kernel transposes operands with the backend's own Transpose kernel, then
 * multiplies single matrices — and a batch of A with one B, folded into the rows — with tfjs's XNNPACK
 * kernel, and batches of matrices with the SIMD kernel of assembly/batch-matmul.ts. It wraps the
 * kernel it replaces (kept for other dtypes and for shapes that do not broadcast, which it reports)
 * and keeps its setup function.
 */
export function overrideWasmBatchMatMul(kernels: ScanKernels | undefined): void {
  replaceWasmKernel(BATCH_MATMUL, (original) => {
    if (kernels !== undefined) checkArgFields(kernels);
    return batchMatMulKernel(original, kernels);
  });
}

function batchMatMulKernel(original: KernelConfig, kernels: ScanKernels | undefined): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const attrs = args.attrs as NamedAttrMap & { transposeA: boolean; transposeB: boolean };
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const outer = broadcastShape(outerA, outerB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || outer === undefined) return original.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    const temporaries: TensorInfo[] = [];
    try {
      let left = untransposed(a, attrs.transposeA, args.backend, temporaries);
      let right = untransposed(b, attrs.transposeB, args.backend, temporaries);
      if (!repeatsOrMatches(left.batch, right.batch, size(outer))) {
        // e.g. [2,1,m,k]·[1,3,k,n]: each operand repeated to the product's batches (tfjs-backend-wasm's own
        // kernel returns too few values here)
        left = repeatedTo(left, outerA, outer, args.backend, temporaries);
        right = repeatedTo(right, outerB, outer, args.backend, temporaries);
      }
      const shape = [...outer, left.rows, right.cols];
      // B is one matrix: A's batch folds into its rows, one XNNPACK product [batch·m, k] · [k, n]
      if (right.batch === 1) return withShape(tfjsProduct(original, args, left, [1, left.batch * left.rows, left.cols], right), shape);
      if (kernels === undefined) return withShape(tfjsProduct(original, args, left, [left.batch, left.rows, left.cols], right), shape);
      return simdProduct(kernels, backend, left, right, shape);
    } finally {
      for (const info of temporaries) backend.disposeData(info.dataId);
    }
  };
}

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** The product's batch shape (numpy broadcasting), or undefined where the batch shapes do not broadcast (tfjs's kernel reports it). */
function broadcastShape(outerA: number[], outerB: number[]): number[] | undefined {
  try {
    return tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
}

/** Whether each operand is one matrix for every batch item or one per item: the kernels' strides cover these. */
function repeatsOrMatches(batchA: number, batchB: number, batch: number): boolean {
  return (batchA === 1 || batchA === batch) && (batchB === 1 || batchB === batch);
}

/** Matrices with batch shape `outer` repeated along their size-1 batch axes to batch shape `product` (the backend's Tile kernel). */
function repeatedTo(x: Matrices, outer: number[], product: number[], backend: object, temporaries: TensorInfo[]): Matrices {
  const padded = [...Array(product.length - outer.length).fill(1), ...outer] as number[];
  const reps = [...product.map((d, i) => d / (padded[i] as number)), 1, 1];
  if (reps.every((r) => r === 1)) return x;
  const input = { ...x.info, shape: [...padded, x.rows, x.cols] };
  const info = (tf.getKernel(TILE, 'wasm') as KernelConfig).kernelFunc({ inputs: { x: input }, backend: backend as never, attrs: { reps } }) as TensorInfo;
  temporaries.push(info);
  return { ...x, info, batch: size(product) };
}

/** `x` as untransposed matrices: a transposed operand is copied by the backend's Transpose kernel. */
function untransposed(x: TensorInfo, transposed: boolean, backend: object, temporaries: TensorInfo[]): Matrices {
  const rank = x.shape.length;
  const [r, c] = x.shape.slice(-2) as [number, number];
  const batch = size(x.shape.slice(0, -2));
  if (!transposed) return { info: x, batch, rows: r, cols: c };
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  const info = (tf.getKernel(TRANSPOSE, 'wasm') as KernelConfig).kernelFunc({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
  temporaries.push(info);
  return { info, batch, rows: c, cols: r };
}

/** tfjs's own kernel on the untransposed operands, A viewed as `aShape` (3-D; B as its batch of matrices). */
function tfjsProduct(original: KernelConfig, args: Parameters<KernelFunc>[0], left: Matrices, aShape: number[], right: Matrices): TensorInfo {
  const a = { ...left.info, shape: aShape };
  const b = { ...right.info, shape: [right.batch, right.rows, right.cols] };
  return original.kernelFunc({ ...args, inputs: { a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as TensorInfo;
}

/** Batches of matrices: the SIMD kernel on copies in its module's memory (A of one matrix is repeated). */
function simdProduct(kernels: ScanKernels, backend: WasmBackend, left: Matrices, right: Matrices, shape: number[]): TensorInfo {
  const batch = Math.max(left.batch, right.batch);
  const m = left.rows, k = left.cols, n = right.cols;
  const call = new KernelCall(
    kernels,
    MATMUL_ARG_FIELDS,
    { batch, m, k, n, strideA: left.batch === 1 ? 0 : m * k, strideB: k * n },
    { a: left.batch * m * k, b: right.batch * k * n, c: batch * m * n },
  );
  call.view('a').set(backend.typedArrayFromHeap(left.info));
  call.view('b').set(backend.typedArrayFromHeap(right.info));
  call.run(kernels.batchMatMul);
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).set(call.view('c'));
  return out;
}

function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { ...info, shape };
}
