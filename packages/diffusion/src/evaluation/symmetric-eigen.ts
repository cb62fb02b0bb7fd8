/** Eigenvalues (ascending) and eigenvectors of a symmetric matrix, in float64. */
export interface SymmetricEigen {
  values: Float64Array;
  /** n×n row-major; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * The eigen-decomposition A = V diag(λ) Vᵀ of a symmetric n×n matrix (row-major; only symmetric input
 * is meaningful) by the cyclic Jacobi method: each rotation in the (p, q) plane zeroes a_pq, and sweeps
 * over all pairs repeat until the off-diagonal mass is at rounding level (quadratic convergence).
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 1 || matrix.length !== n * n) {
    throw new Error(`symmetricEigen: expected an n×n matrix with n ≥ 1, got ${matrix.length} entries for n = ${n}`);
  }
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const total = frobeniusSquared(a);
  for (let sweep = 0; sweep < MAX_SWEEPS && offDiagonalSquared(a, n) > Number.EPSILON ** 2 * total; sweep++) {
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (a[i * n + i] as number) - (a[j * n + j] as number));
  const values = Float64Array.from(order, (i) => a[i * n + i] as number);
  const vectors = new Float64Array(n * n);
  for (let row = 0; row < n; row++) {
    order.forEach((column, j) => {
      vectors[row * n + j] = v[row * n + column] as number;
    });
  }
  return { values, vectors };
}

/**
 * A ← Jᵀ A J and V ← V J with the Givens rotation J (J_pp = J_qq = c, J_pq = s, J_qp = −s) whose angle
 * zeroes a_pq: with θ = (a_qq − a_pp) / (2 a_pq), t = tan φ is the smaller root of t² + 2θt − 1 = 0,
 * t = sign(θ) / (|θ| + √(θ² + 1)), so |φ| ≤ π/4 (the stable choice).
 */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q] as number;
  if (apq === 0) return;
  const theta = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(theta, 1));
  const c = 1 / Math.hypot(t, 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    // columns p and q: A J, and V J
    const akp = a[k * n + p] as number;
    const akq = a[k * n + q] as number;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
    const vkp = v[k * n + p] as number;
    const vkq = v[k * n + q] as number;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
  for (let k = 0; k < n; k++) {
    // rows p and q: Jᵀ (A J)
    const apk = a[p * n + k] as number;
    const aqk = a[q * n + k] as number;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  a[p * n + q] = 0;
  a[q * n + p] = 0;
}

function frobeniusSquared(a: Float64Array): number {
  return a.reduce((sum, x) => sum + x * x, 0);
}

function offDiagonalSquared(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) sum += (a[i * n + j] as number) ** 2;
  }
  return sum;
}
