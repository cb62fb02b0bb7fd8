import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { overrideWasmBatchMatMul } from './batch-matmul-wasm-kernel.js';
import { loadScanKernels } from './scan-kernels-module.js';
import { Rng } from '../../util/random.js';
import { useBackend } from '../../test-support/backends.js';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, relativeError } from '../../test-support/compare.js';
import { freshSeed } from '../../test-support/random-inputs.js';

const seed = freshSeed();

/** The flat batch index of an operand with batch shape `outer` for the product's flat batch index `t` (numpy broadcasting). */
function batchIndex(t: number, product: number[], outer: number[]): number {
  const padded = [...Array(product.length - outer.length).fill(1), ...outer] as number[];
  let index = 0;
  let rest = t;
  let stride = 1;
  for (let axis = product.length - 1; axis >= 0; axis--) {
    const size = product[axis] as number;
    const coordinate = rest % size;
    rest = Math.floor(rest / size);
    if ((padded[axis] as number) !== 1) index += coordinate * stride;
    stride *= padded[axis] as number;
  }
  return index;
}

/** Batch shapes of both operands and of their product. */
function batches(aShape: number[], bShape: number[]): { outerA: number[]; outerB: number[]; product: number[] } {
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  return { outerA, outerB, product: tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB) };
}

/**
 * Visits every term a[ia]·b[ib] of every output element io of op(A)·op(B) (row-major operands, batch
 * shapes broadcast: the definition, independent of tfjs); returns the number of output elements.
 */
function forEachProductTerm(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean, visit: (io: number, ia: number, ib: number) => void): number {
  const [ar, ac] = aShape.slice(-2) as [number, number];
  const [br, bc] = bShape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const { outerA, outerB, product } = batches(aShape, bShape);
  const batch = product.reduce((p, d) => p * d, 1);
  for (let t = 0; t < batch; t++) {
    const oa = batchIndex(t, product, outerA) * ar * ac;
    const ob = batchIndex(t, product, outerB) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        for (let p = 0; p < k; p++) visit((t * m + i) * n + j, oa + (transposeA ? p * ac + i : i * ac + p), ob + (transposeB ? j * bc + p : p * bc + j));
      }
    }
  }
  return batch * m * n;
}

/** The float64 product. */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], transposeA: boolean, transposeB: boolean): Float64Array {
  const terms: Array<[number, number, number]> = [];
  const size = forEachProductTerm(aShape, bShape, transposeA, transposeB, (io, ia, ib) => terms.push([io, ia, ib]));
  const out = new Float64Array(size);
  for (const [io, ia, ib] of terms) out[io] = (out[io] as number) + (a[ia] as number) * (b[ib] as number);
  return out;
}

/** Operand shapes for an [.., m, k] · [.., k, n] product, with the last two axes swapped where transposed. */
function operandShape(outer: number[], rows: number, cols: number, transposed: boolean): number[] {
  return [...outer, ...(transposed ? [cols, rows] : [rows, cols])];
}

// Sizes that are not multiples of the 4-row × 8-column tile run the kernel's edge paths. Broadcast
// batches are checked forward only: tfjs's BatchMatMul gradient does not sum over broadcast batch axes
// (on every backend; it throws a shape error), so there is no gradient to compare.
const CASES = [
  { what: 'single matrices', outerA: [], outerB: [], m: 5, k: 3, n: 7, gradients: true },
  { what: 'a Linear-like product', outerA: [], outerB: [], m: 67, k: 16, n: 33, gradients: true },
  { what: 'batches of matrices', outerA: [3], outerB: [3], m: 9, k: 6, n: 11, gradients: true },
  { what: 'rank-4 batches (attention heads)', outerA: [2, 3], outerB: [2, 3], m: 13, k: 8, n: 17, gradients: true },
  { what: 'a batch times one matrix', outerA: [4], outerB: [], m: 7, k: 10, n: 12, gradients: false },
  { what: 'one matrix times a batch', outerA: [], outerB: [3], m: 6, k: 5, n: 9, gradients: false },
  { what: 'a broadcast batch of one', outerA: [1, 2], outerB: [3, 2], m: 4, k: 4, n: 8, gradients: false },
  { what: 'a general broadcast (both operands repeated)', outerA: [2, 1], outerB: [1, 3], m: 3, k: 5, n: 4, gradients: false },
];

describe('wasm BatchMatMul (transposes to XNNPACK, SIMD batches)', () => {
  beforeAll(() => useBackend('wasm'));

  for (const c of CASES) {
    for (const [transposeA, transposeB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`${c.what}: m=${c.m} k=${c.k} n=${c.n}, transposeA ${transposeA}, transposeB ${transposeB}, forward${c.gradients ? ' and gradients' : ''}`, () => {
        const rng = new Rng(seed + c.m * 31 + c.n);
        const aShape = operandShape(c.outerA, c.m, c.k, transposeA);
        const bShape = operandShape(c.outerB, c.k, c.n, transposeB);
        const a = rng.normalTensor(aShape);
        const b = rng.normalTensor(bShape);
        const y = tf.matMul(a, b, transposeA, transposeB);
        const aValues = a.dataSync() as Float32Array;
        const bValues = b.dataSync() as Float32Array;
        const context = `${c.what} (seed ${seed})`;
        expect(relativeError(y.dataSync(), reference(aValues, aShape, bValues, bShape, transposeA, transposeB)), context).toBeLessThan(FORWARD_TOLERANCE);
        if (!c.gradients) {
          tf.dispose([a, b, y]);
          return;
        }

        // d⟨y, g⟩/da and /db (tfjs's BatchMatMul gradient, itself transposed products) against the definition
        const g = rng.normalTensor(y.shape);
        const [da, db] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w, transposeA, transposeB), g)))([a, b]) as [tf.Tensor, tf.Tensor];
        const expected = gradientsByDefinition(aValues, aShape, bValues, bShape, g.dataSync() as Float32Array, transposeA, transposeB);
        expect(relativeError(da.dataSync(), expected.da), `da, ${context}`).toBeLessThan(GRADIENT_TOLERANCE);
        expect(relativeError(db.dataSync(), expected.db), `db, ${context}`).toBeLessThan(GRADIENT_TOLERANCE);
        tf.dispose([a, b, y, g, da, db]);
      });
    }
  }

  it('leaves no tensor and no backend buffer behind, forward and backward', () => {
    const rng = new Rng(seed);
    const q = rng.normalTensor([2, 2, 12, 8]);
    const k = rng.normalTensor([2, 2, 12, 8]);
    const w = rng.normalTensor([8, 8]);
    const before = tf.memory();
    tf.tidy(() => {
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(tf.matMul(x, y, false, true), tf.matMul(x, w, false, true)));
      tf.grads(f)([q, k]);
    });
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    tf.dispose([q, k, w]);
  });

  it('replaces tfjs-backend-wasm\'s kernel once, keeping its setup', () => {
    const installed = tf.getKernel('BatchMatMul', 'wasm');
    overrideWasmBatchMatMul(loadScanKernels());
    const again = tf.getKernel('BatchMatMul', 'wasm');
    expect(again?.kernelFunc).toBe(installed?.kernelFunc);
    expect(again?.setupFunc).toBeTypeOf('function');
  });
});

/** d⟨op(A)·op(B), G⟩ by definition: each term a[ia]·b[ib] of output io adds G[io]·b[ib] to da[ia] and G[io]·a[ia] to db[ib]. */
function gradientsByDefinition(
  a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], g: Float32Array, transposeA: boolean, transposeB: boolean,
): { da: Float64Array; db: Float64Array } {
  const da = new Float64Array(a.length);
  const db = new Float64Array(b.length);
  forEachProductTerm(aShape, bShape, transposeA, transposeB, (io, ia, ib) => {
    da[ia] = (da[ia] as number) + (g[io] as number) * (b[ib] as number);
    db[ib] = (db[ib] as number) + (g[io] as number) * (a[ia] as number);
  });
  return { da, db };
}
