import { MatMulArgs } from './kernel-args';

// C_t = A_t · B_t for every batch item t: A [m,k], B [k,n], C [m,n], row-major float32. A 4-row ×
// 8-column tile of C stays in eight f32x4 registers while p runs over k: each step loads two vectors of
// B's row p and splats one element of each of the 4 rows of A (the classic register-blocked GEMM
// micro-kernel, without packing: the operands of this library's attention are small).

@inline
function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** Rows i..i+3 of C: A points at row i, C at row i. */
function fourRows(A: usize, B: usize, C: usize, k: i32, n: i32): void {
  const rowA = <usize>k << 2;
  const rowB = <usize>n << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let pa = A;
    let pb = B + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      const a0 = v128.load32_splat(pa);
      const a1 = v128.load32_splat(pa + rowA);
      const a2 = v128.load32_splat(pa + 2 * rowA);
      const a3 = v128.load32_splat(pa + 3 * rowA);
      c00 = fma(c00, a0, b0); c01 = fma(c01, a0, b1);
      c10 = fma(c10, a1, b0); c11 = fma(c11, a1, b1);
      c20 = fma(c20, a2, b0); c21 = fma(c21, a2, b1);
      c30 = fma(c30, a3, b0); c31 = fma(c31, a3, b1);
      pa += 4;
      pb += rowB;
    }
    const out = C + (<usize>j << 2);
    v128.store(out, c00); v128.store(out, c01, 16);
    v128.store(out + rowB, c10); v128.store(out + rowB, c11, 16);
    v128.store(out + 2 * rowB, c20); v128.store(out + 2 * rowB, c21, 16);
    v128.store(out + 3 * rowB, c30); v128.store(out + 3 * rowB, c31, 16);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let pa = A;
    let pb = B + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      const b0 = v128.load(pb);
      c0 = fma(c0, v128.load32_splat(pa), b0);
      c1 = fma(c1, v128.load32_splat(pa + rowA), b0);
      c2 = fma(c2, v128.load32_splat(pa + 2 * rowA), b0);
      c3 = fma(c3, v128.load32_splat(pa + 3 * rowA), b0);
      pa += 4;
      pb += rowB;
    }
    const out = C + (<usize>j << 2);
    v128.store(out, c0);
    v128.store(out + rowB, c1);
    v128.store(out + 2 * rowB, c2);
    v128.store(out + 3 * rowB, c3);
  }
  for (let r = 0; r < 4; r++) scalarColumns(A + <usize>r * rowA, B, C + <usize>r * rowB, k, n, j);
}

/** Row i of C: A points at row i, C at row i. */
function oneRow(A: usize, B: usize, C: usize, k: i32, n: i32): void {
  const rowB = <usize>n << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
    let pa = A;
    let pb = B + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      const a0 = v128.load32_splat(pa);
      c0 = fma(c0, a0, v128.load(pb));
      c1 = fma(c1, a0, v128.load(pb, 16));
      pa += 4;
      pb += rowB;
    }
    v128.store(C + (<usize>j << 2), c0);
    v128.store(C + (<usize>j << 2), c1, 16);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0);
    let pa = A;
    let pb = B + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      c0 = fma(c0, v128.load32_splat(pa), v128.load(pb));
      pa += 4;
      pb += rowB;
    }
    v128.store(C + (<usize>j << 2), c0);
  }
  scalarColumns(A, B, C, k, n, j);
}

/** Columns j0..n−1 of one row of C (the last n mod 4 columns). */
function scalarColumns(A: usize, B: usize, C: usize, k: i32, n: i32, j0: i32): void {
  const rowB = <usize>n << 2;
  for (let j = j0; j < n; j++) {
    let sum: f32 = 0;
    let pb = B + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      sum += load<f32>(A + (<usize>p << 2)) * load<f32>(pb);
      pb += rowB;
    }
    store<f32>(C + (<usize>j << 2), sum);
  }
}

/** The batch of products; an operand's stride 0 repeats it for every item (broadcasting). */
export function batchMatMul(a: MatMulArgs): void {
  const m = a.m, k = a.k, n = a.n;
  const rowA = <usize>k << 2;
  const rowC = <usize>n << 2;
  for (let t = 0; t < a.batch; t++) {
    const A = a.a + ((<usize>t * a.strideA) << 2);
    const B = a.b + ((<usize>t * a.strideB) << 2);
    const C = a.c + ((<usize>t * m * n) << 2);
    let i = 0;
    for (; i + 4 <= m; i += 4) fourRows(A + <usize>i * rowA, B, C + <usize>i * rowC, k, n);
    for (; i < m; i++) oneRow(A + <usize>i * rowA, B, C + <usize>i * rowC, k, n);
  }
}
