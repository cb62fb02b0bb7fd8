import { symmetricEigen } from './symmetric-eigen.js';

/** `rows` feature vectors of `columns` values each, row-major. */
export interface FeatureMatrix {
  values: ArrayLike<number>;
  rows: number;
  columns: number;
}

/** Mean and covariance of a feature set, float64. */
export interface GaussianStatistics {
  mean: Float64Array;
  /** columns × columns, row-major */
  covariance: Float64Array;
  columns: number;
}

/** The mean and the unbiased (n − 1) covariance of the rows, accumulated in float64 around the mean. */
export function gaussianStatistics(features: FeatureMatrix): GaussianStatistics {
  const { values, rows, columns } = features;
  if (!Number.isInteger(rows) || rows < 2 || !Number.isInteger(columns) || columns < 1 || values.length !== rows * columns) {
    throw new Error(`gaussianStatistics: expected ≥ 2 rows of ≥ 1 columns (${rows}×${columns} = ${rows * columns} values), got ${values.length} values`);
  }
  const mean = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) mean[c] = (mean[c] as number) + (values[r * columns + c] as number);
  }
  for (let c = 0; c < columns; c++) mean[c] = (mean[c] as number) / rows;
  const covariance = new Float64Array(columns * columns);
  const centred = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) centred[c] = (values[r * columns + c] as number) - (mean[c] as number);
    for (let i = 0; i < columns; i++) {
      const ci = centred[i] as number;
      for (let j = i; j < columns; j++) covariance[i * columns + j] = (covariance[i * columns + j] as number) + ci * (centred[j] as number);
    }
  }
  for (let i = 0; i < columns; i++) {
    for (let j = i; j < columns; j++) {
      const value = (covariance[i * columns + j] as number) / (rows - 1);
      covariance[i * columns + j] = value;
      covariance[j * columns + i] = value;
    }
  }
  return { mean, covariance, columns };
}

/**
 * The squared Fréchet (2-Wasserstein) distance between the Gaussians N(μ1, Σ1) and N(μ2, Σ2):
 * ‖μ1 − μ2‖² + tr Σ1 + tr Σ2 − 2 tr (Σ1^½ Σ2 Σ1^½)^½. The last trace equals tr (Σ1 Σ2)^½ (the two
 * matrices are similar) but is taken of a symmetric PSD matrix, so both square roots come from Jacobi
 * eigen-decompositions with eigenvalues clipped at 0 (rounding makes tiny ones negative).
 */
export function frechetDistanceOfGaussians(first: GaussianStatistics, second: GaussianStatistics): number {
  const n = first.columns;
  if (second.columns !== n) throw new Error(`frechetDistance: feature sizes differ (${n} and ${second.columns})`);
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += ((first.mean[i] as number) - (second.mean[i] as number)) ** 2;
  const root = symmetricSquareRoot(first.covariance, n);
  const product = symmetrized(multiply(multiply(root, second.covariance, n), root, n), n);
  const traceOfRoot = symmetricEigen(product, n).values.reduce((sum, value) => sum + Math.sqrt(Math.max(value, 0)), 0);
  const distance = meanTerm + trace(first.covariance, n) + trace(second.covariance, n) - 2 * traceOfRoot;
  return Math.max(distance, 0); // identical sets can come out at −1e−15
}

/**
 * Fréchet distance in the evaluation classifier's feature space — not FID (no Inception network):
 * the squared Fréchet distance, as FID reports it, between Gaussians fitted to two feature sets (e.g.
 * the classifier's penultimate-layer features of real and of generated images).
 */
export function frechetDistance(first: FeatureMatrix, second: FeatureMatrix): number {
  return frechetDistanceOfGaussians(gaussianStatistics(first), gaussianStatistics(second));
}

/** V diag(√max(λ, 0)) Vᵀ of a symmetric PSD matrix. */
function symmetricSquareRoot(matrix: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const root = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const scale = Math.sqrt(Math.max(values[k] as number, 0));
    if (scale === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = scale * (vectors[i * n + k] as number);
      for (let j = 0; j < n; j++) root[i * n + j] = (root[i * n + j] as number) + vik * (vectors[j * n + k] as number);
    }
  }
  return root;
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k] as number;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + aik * (b[k * n + j] as number);
    }
  }
  return out;
}

/** (M + Mᵀ) / 2: removes the rounding asymmetry of a product that is symmetric in exact arithmetic. */
function symmetrized(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = ((m[i * n + j] as number) + (m[j * n + i] as number)) / 2;
  }
  return out;
}

function trace(m: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += m[i * n + i] as number;
  return sum;
}
