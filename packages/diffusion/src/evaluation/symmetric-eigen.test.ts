import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen.js';

/** A random orthogonal n×n matrix (row-major): Gram–Schmidt on the columns of a Gaussian matrix. */
function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const q = Float64Array.from({ length: n * n }, () => rng.normal());
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (q[i * n + j] as number) * (q[i * n + k] as number);
      for (let i = 0; i < n; i++) q[i * n + j] = (q[i * n + j] as number) - dot * (q[i * n + k] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (q[i * n + j] as number) ** 2;
    for (let i = 0; i < n; i++) q[i * n + j] = (q[i * n + j] as number) / Math.sqrt(norm);
  }
  return q;
}

/** V diag(λ) Vᵀ. */
function compose(vectors: Float64Array, values: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (vectors[i * n + k] as number) * (values[k] as number) * (vectors[j * n + k] as number);
      out[i * n + j] = sum;
    }
  }
  return out;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Array.from(a, (x, i) => Math.abs(x - (b[i] as number))).reduce((m, d) => Math.max(m, d), 0);
}

describe('symmetricEigen (Jacobi)', () => {
  it('finds the eigenpairs of [[2, 1], [1, 2]]: 1 along (1, −1), 3 along (1, 1)', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs((vectors[0] as number) + (vectors[2] as number))).toBeLessThan(1e-14); // column 0 ∝ (1, −1)
    expect(Math.abs((vectors[1] as number) - (vectors[3] as number))).toBeLessThan(1e-14); // column 1 ∝ (1, 1)
  });

  it.each([1, 3, 8, 20, 64])('recovers known eigenpairs of a random symmetric %i×%i matrix', (n) => {
    const rng = new Rng(100 + n);
    const q = randomOrthogonal(n, rng);
    const truth = Array.from({ length: n }, () => 10 * rng.normal()).sort((a, b) => a - b);
    const matrix = compose(q, truth, n);
    const { values, vectors } = symmetricEigen(matrix, n);
    expect(maxAbsDifference(values, truth)).toBeLessThan(1e-10);
    expect(maxAbsDifference(compose(vectors, values, n), matrix)).toBeLessThan(1e-10);
    const identity = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    expect(maxAbsDifference(compose(vectors, new Float64Array(n).fill(1), n), identity)).toBeLessThan(1e-12); // V Vᵀ = I
    for (let k = 0; k < n; k++) {
      let dot = 0; // eigenvectors agree up to sign (the eigenvalues are distinct)
      for (let i = 0; i < n; i++) dot += (vectors[i * n + k] as number) * (q[i * n + k] as number);
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
    }
  });

  it('handles repeated eigenvalues and the zero matrix', () => {
    const n = 6;
    const q = randomOrthogonal(n, new Rng(7));
    const truth = [-2, -2, 0, 0, 5, 5];
    const matrix = compose(q, truth, n);
    const { values, vectors } = symmetricEigen(matrix, n);
    expect(maxAbsDifference(values, truth)).toBeLessThan(1e-12);
    expect(maxAbsDifference(compose(vectors, values, n), matrix)).toBeLessThan(1e-12);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
  });

  it('rejects input that is not n×n', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/n×n matrix/);
  });
});
