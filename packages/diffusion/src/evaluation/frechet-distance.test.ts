import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { frechetDistance, frechetDistanceOfGaussians, gaussianStatistics } from './frechet-distance.js';
import type { FeatureMatrix, GaussianStatistics } from './frechet-distance.js';

/** `rows` samples of N(mean, A Aᵀ) for a random mixing matrix A. */
function correlatedSamples(rows: number, mean: readonly number[], rng: Rng): FeatureMatrix {
  const columns = mean.length;
  const mixing = Array.from({ length: columns * columns }, () => rng.normal());
  const values = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const z = Array.from({ length: columns }, () => rng.normal());
    for (let i = 0; i < columns; i++) {
      let x = mean[i] as number;
      for (let k = 0; k < columns; k++) x += (mixing[i * columns + k] as number) * (z[k] as number);
      values[r * columns + i] = x;
    }
  }
  return { values, rows, columns };
}

/** R diag(d) Rᵀ for the rotation R by `angle` in the (0, 1) plane of an n-dimensional space. */
function rotatedDiagonal(diagonal: readonly number[], angle: number): Float64Array {
  const n = diagonal.length;
  const rotation = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  [rotation[0], rotation[1], rotation[n], rotation[n + 1]] = [Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)];
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) out[i * n + j] = (out[i * n + j] as number) + (rotation[i * n + k] as number) * (diagonal[k] as number) * (rotation[j * n + k] as number);
    }
  }
  return out;
}

function gaussian(mean: readonly number[], covariance: Float64Array): GaussianStatistics {
  return { mean: Float64Array.from(mean), covariance, columns: mean.length };
}

describe('gaussianStatistics', () => {
  it('gives the mean and the unbiased covariance', () => {
    const { mean, covariance } = gaussianStatistics({ values: [1, 2, 3, 6, 5, 10], rows: 3, columns: 2 });
    expect(Array.from(mean)).toEqual([3, 6]);
    expect(Array.from(covariance)).toEqual([4, 8, 8, 16]);
  });

  it('rejects fewer than two rows or a size mismatch', () => {
    expect(() => gaussianStatistics({ values: [1, 2], rows: 1, columns: 2 })).toThrow(/≥ 2 rows/);
    expect(() => gaussianStatistics({ values: [1, 2, 3], rows: 2, columns: 2 })).toThrow(/got 3 values/);
  });
});

describe('frechetDistance', () => {
  it('is 0 between a feature set and itself', () => {
    const features = correlatedSamples(300, [1, -2, 0.5, 3, 0, 0, 1, 2], new Rng(1));
    expect(frechetDistance(features, features)).toBeLessThan(1e-9);
  });

  it('matches ‖μ1 − μ2‖² + Σ (σ1 + σ2 − 2√(σ1σ2)) for Gaussians with diagonal covariances, also rotated alike', () => {
    const [mean1, mean2] = [[0, 1, 2, -1], [1, 1, 0, 0]];
    const [var1, var2] = [[1, 4, 0.25, 9], [2, 1, 0.25, 0.5]];
    const expected = 1 + 0 + 4 + 1 + var1.reduce((sum, a, i) => sum + a + (var2[i] as number) - 2 * Math.sqrt(a * (var2[i] as number)), 0);
    for (const angle of [0, 0.7]) {
      const distance = frechetDistanceOfGaussians(gaussian(mean1, rotatedDiagonal(var1, angle)), gaussian(mean2, rotatedDiagonal(var2, angle)));
      expect(distance).toBeCloseTo(expected, 10);
    }
  });

  it('matches the 2×2 closed form tr (Σ1Σ2)^½ = √(tr Σ1Σ2 + 2√(det Σ1 det Σ2)) for covariances that do not commute', () => {
    const [a, b] = [Float64Array.from([2, 0.5, 0.5, 1]), Float64Array.from([1, -0.3, -0.3, 3])];
    const traceOfProduct = 2 * 1 + 0.5 * -0.3 + 0.5 * -0.3 + 1 * 3;
    const traceOfRoot = Math.sqrt(traceOfProduct + 2 * Math.sqrt((2 - 0.25) * (3 - 0.09)));
    const expected = 0.5 ** 2 + 3 + 4 - 2 * traceOfRoot;
    expect(frechetDistanceOfGaussians(gaussian([0, 0], a), gaussian([0.5, 0], b))).toBeCloseTo(expected, 12);
  });

  it('is symmetric in its arguments and does not depend on the order of the samples', () => {
    const rng = new Rng(2);
    const first = correlatedSamples(200, [0, 0, 0, 0, 0, 0], rng);
    const second = correlatedSamples(150, [1, 0, -1, 0, 2, 0], rng);
    const distance = frechetDistance(first, second);
    expect(distance).toBeGreaterThan(1);
    expect(frechetDistance(second, first)).toBeCloseTo(distance, 9);
    const order = rng.permutation(second.rows);
    const shuffled = Float32Array.from({ length: second.values.length }, (_, i) => second.values[(order[Math.floor(i / 6)] as number) * 6 + (i % 6)] as number);
    expect(frechetDistance(first, { ...second, values: shuffled })).toBeCloseTo(distance, 9);
  });

  it('rejects feature sets of different sizes', () => {
    const rng = new Rng(3);
    expect(() => frechetDistance(correlatedSamples(10, [0, 0], rng), correlatedSamples(10, [0, 0, 0], rng))).toThrow(/feature sizes differ/);
  });
});
