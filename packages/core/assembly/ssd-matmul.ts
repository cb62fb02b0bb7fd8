// The matrix products of the chunked SSD kernels (ssd-scan-forward.ts, ssd-scan-backward.ts): small strided
// products C = A·B (+ β C) inside one chunk, register-tiled as batch-matmul.ts (a 4-row × 8-column tile of
// C in eight f32x4 registers while k runs; each step loads two vectors of B's row k and splats one element
// of each of A's 4 rows), with what the SSD algorithm needs on top:
// - A is read through a row and a column stride, so Aᵀ (and the rows of one head in [b,l,h,p]) cost nothing;
// - triangular operands: a causal A skips the k past (or before) each row block; a causal C computes only
//   the column tiles that start left of the diagonal (their entries right of it are computed and unused);
// - an optional per-row scale of the product, and C = β C + product (β = 0: C is not read).
// B and C are row-major with their own row strides. Strides are in floats; m, n, k are any sizes ≥ 0.

/** A(i, k) = 0 for k > i (stored as zeros): row block i..i+3 runs k < i + 4. */
export const A_LOWER: i32 = 1;
/** A(i, k) = 0 for k < i (stored as zeros): row block i..i+3 runs k ≥ i. */
export const A_UPPER: i32 = 2;
/** Only C(i, j) with j ≤ i is wanted: row block i..i+3 computes the column tiles that start before i + 4. */
export const C_LOWER: i32 = 4;

@inline
function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * The epilogue of one 4-lane piece of C: × row scale (if `scaled`), + β × old C (β = 1: + old C), store.
 * The old C is read `shift` bytes from where the piece is stored (0: in place; wrapping usize arithmetic).
 */
@inline
function finish(out: usize, acc: v128, scale: v128, scaled: bool, beta: f32, shift: usize): void {
  let v = scaled ? f32x4.mul(acc, scale) : acc;
  if (beta == 1) v = f32x4.add(v, v128.load(out + shift));
  else if (beta != 0) v = f32x4.add(v, f32x4.mul(f32x4.splat(beta), v128.load(out + shift)));
  v128.store(out, v);
}

@inline
function finishScalar(out: usize, acc: f32, scale: f32, beta: f32, shift: usize): void {
  let v = acc * scale;
  if (beta != 0) v += beta * load<f32>(out + shift);
  store<f32>(out, v);
}

@inline
function rowScale(scale: usize, i: i32): f32 {
  return scale == 0 ? <f32>1 : load<f32>(scale + (<usize>i << 2));
}

/**
 * C(i, j) = s_i Σ_k A(i, k) B(k, j) + β C(i, j) for i < m, j < n, k < kk, where A(i, k) = a[i·ra + k·ca],
 * B(k, j) = b[k·ldb + j], C(i, j) = c[i·ldc + j] and s_i = scale[i] (scale = 0: no scale); β = 0 does not
 * read C. `flags`: A_LOWER, A_UPPER, C_LOWER.
 */
export function gemm(m: i32, n: i32, kk: i32, a: usize, ra: i32, ca: i32, b: usize, ldb: i32, c: usize, ldc: i32, scale: usize, beta: f32, flags: i32): void {
  gemmFrom(m, n, kk, a, ra, ca, b, ldb, c, ldc, scale, beta, flags, c);
}

/** gemm with the β term read from `from` (same layout as C) instead of C itself: C = s ∘ AB + β·From. */
export function gemmFrom(m: i32, n: i32, kk: i32, a: usize, ra: i32, ca: i32, b: usize, ldb: i32, c: usize, ldc: i32, scale: usize, beta: f32, flags: i32, from: usize): void {
  const shift = from - c;
  const raB = <usize>ra << 2;
  const caB = <usize>ca << 2;
  const ldbB = <usize>ldb << 2;
  const ldcB = <usize>ldc << 2;
  const scaled = scale != 0;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const k0 = flags & A_UPPER ? i : 0;
    const k1 = flags & A_LOWER ? min(kk, i + 4) : kk;
    const jEnd = flags & C_LOWER ? min(n, i + 4) : n;
    const s0 = f32x4.splat(rowScale(scale, i)), s1 = f32x4.splat(rowScale(scale, i + 1));
    const s2 = f32x4.splat(rowScale(scale, i + 2)), s3 = f32x4.splat(rowScale(scale, i + 3));
    const aRow = a + <usize>i * raB + <usize>k0 * caB;
    const bRow = b + <usize>k0 * ldbB;
    const cRow = c + <usize>i * ldcB;
    let j = 0;
    for (; j + 8 <= n && j < jEnd; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let pa = aRow;
      let pb = bRow + (<usize>j << 2);
      for (let k = k0; k < k1; k++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const a0 = v128.load32_splat(pa);
        const a1 = v128.load32_splat(pa + raB);
        const a2 = v128.load32_splat(pa + 2 * raB);
        const a3 = v128.load32_splat(pa + 3 * raB);
        c00 = fma(c00, a0, b0); c01 = fma(c01, a0, b1);
        c10 = fma(c10, a1, b0); c11 = fma(c11, a1, b1);
        c20 = fma(c20, a2, b0); c21 = fma(c21, a2, b1);
        c30 = fma(c30, a3, b0); c31 = fma(c31, a3, b1);
        pa += caB;
        pb += ldbB;
      }
      const out = cRow + (<usize>j << 2);
      finish(out, c00, s0, scaled, beta, shift); finish(out + 16, c01, s0, scaled, beta, shift);
      finish(out + ldcB, c10, s1, scaled, beta, shift); finish(out + ldcB + 16, c11, s1, scaled, beta, shift);
      finish(out + 2 * ldcB, c20, s2, scaled, beta, shift); finish(out + 2 * ldcB + 16, c21, s2, scaled, beta, shift);
      finish(out + 3 * ldcB, c30, s3, scaled, beta, shift); finish(out + 3 * ldcB + 16, c31, s3, scaled, beta, shift);
    }
    for (; j + 4 <= n && j < jEnd; j += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let pa = aRow;
      let pb = bRow + (<usize>j << 2);
      for (let k = k0; k < k1; k++) {
        const b0 = v128.load(pb);
        c0 = fma(c0, v128.load32_splat(pa), b0);
        c1 = fma(c1, v128.load32_splat(pa + raB), b0);
        c2 = fma(c2, v128.load32_splat(pa + 2 * raB), b0);
        c3 = fma(c3, v128.load32_splat(pa + 3 * raB), b0);
        pa += caB;
        pb += ldbB;
      }
      const out = cRow + (<usize>j << 2);
      finish(out, c0, s0, scaled, beta, shift);
      finish(out + ldcB, c1, s1, scaled, beta, shift);
      finish(out + 2 * ldcB, c2, s2, scaled, beta, shift);
      finish(out + 3 * ldcB, c3, s3, scaled, beta, shift);
    }
    for (let r = 0; r < 4; r++) scalarColumns(aRow + <usize>r * raB, caB, bRow, ldbB, cRow + <usize>r * ldcB, k1 - k0, j, jEnd, rowScale(scale, i + r), beta, shift);
  }
  for (; i < m; i++) {
    const k0 = flags & A_UPPER ? i : 0;
    const k1 = flags & A_LOWER ? min(kk, i + 1) : kk;
    const jEnd = flags & C_LOWER ? min(n, i + 1) : n;
    const s = rowScale(scale, i);
    const ss = f32x4.splat(s);
    const aRow = a + <usize>i * raB + <usize>k0 * caB;
    const bRow = b + <usize>k0 * ldbB;
    const cRow = c + <usize>i * ldcB;
    let j = 0;
    for (; j + 8 <= n && j < jEnd; j += 8) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
      let pa = aRow;
      let pb = bRow + (<usize>j << 2);
      for (let k = k0; k < k1; k++) {
        const a0 = v128.load32_splat(pa);
        c0 = fma(c0, a0, v128.load(pb));
        c1 = fma(c1, a0, v128.load(pb, 16));
        pa += caB;
        pb += ldbB;
      }
      finish(cRow + (<usize>j << 2), c0, ss, scaled, beta, shift);
      finish(cRow + (<usize>j << 2) + 16, c1, ss, scaled, beta, shift);
    }
    for (; j + 4 <= n && j < jEnd; j += 4) {
      let c0 = f32x4.splat(0);
      let pa = aRow;
      let pb = bRow + (<usize>j << 2);
      for (let k = k0; k < k1; k++) {
        c0 = fma(c0, v128.load32_splat(pa), v128.load(pb));
        pa += caB;
        pb += ldbB;
      }
      finish(cRow + (<usize>j << 2), c0, ss, scaled, beta, shift);
    }
    scalarColumns(aRow, caB, bRow, ldbB, cRow, k1 - k0, j, jEnd, s, beta, shift);
  }
}

/** Columns j0 ≤ j < jEnd of one row of C (those left of whole 4-column pieces); pointers at k = k0. */
@inline
function scalarColumns(aRow: usize, caB: usize, bRow: usize, ldbB: usize, cRow: usize, count: i32, j0: i32, jEnd: i32, scale: f32, beta: f32, shift: usize): void {
  for (let j = j0; j < jEnd; j++) {
    let sum: f32 = 0;
    let pa = aRow;
    let pb = bRow + (<usize>j << 2);
    for (let k = 0; k < count; k++) {
      sum += load<f32>(pa) * load<f32>(pb);
      pa += caB;
      pb += ldbB;
    }
    finishScalar(cRow + (<usize>j << 2), sum, scale, beta, shift);
  }
}
