import type { RowRange } from './splits.js';

/**
 * Per-column standardisation like sklearn's StandardScaler, which Time-Series-Library fits on the
 * training rows: population std (ddof = 0), and std 1 for a constant column so it maps to 0, not NaN.
 */
export class StandardScaler {
  private constructor(
    readonly mean: Float64Array,
    readonly std: Float64Array,
  ) {}

  get columns(): number {
    return this.mean.length;
  }

  /** Fits on rows [start, end) of a row-major [rows, columns] array. */
  static fit(values: Float32Array, rows: number, columns: number, rowRange: RowRange): StandardScaler {
    const [start, end] = rowRange;
    if (values.length !== rows * columns) {
      throw new Error(`StandardScaler.fit: ${values.length} values do not form [${rows}, ${columns}]`);
    }
    if (!(start >= 0 && start < end && end <= rows)) {
      throw new Error(`StandardScaler.fit: row range [${start}, ${end}) is empty or outside 0..${rows}`);
    }
    const count = end - start;
    const mean = new Float64Array(columns);
    const std = new Float64Array(columns);
    for (let row = start; row < end; row += 1) {
      for (let column = 0; column < columns; column += 1) mean[column]! += values[row * columns + column]!;
    }
    for (let column = 0; column < columns; column += 1) mean[column]! /= count;
    for (let row = start; row < end; row += 1) {
      for (let column = 0; column < columns; column += 1) {
        const deviation = values[row * columns + column]! - mean[column]!;
        std[column]! += deviation * deviation;
      }
    }
    for (let column = 0; column < columns; column += 1) {
      const variance = std[column]! / count;
      // sklearn's test for a constant feature: variance within rounding error of the summed mean.
      const roundingBound = (count * Number.EPSILON * Math.abs(mean[column]!)) ** 2;
      std[column] = variance <= roundingBound ? 1 : Math.sqrt(variance);
    }
    return new StandardScaler(mean, std);
  }

  /** (x - mean) / std on a row-major array whose rows hold `columnIndices` (default: all columns). */
  transform(values: Float32Array, columnIndices?: readonly number[]): Float32Array {
    return this.map(values, columnIndices, (x, mean, std) => (x - mean) / std);
  }

  /** x * std + mean, the inverse of `transform`; e.g. `[scaler.columns - 1]` for a target-only prediction. */
  inverseTransform(values: Float32Array, columnIndices?: readonly number[]): Float32Array {
    return this.map(values, columnIndices, (x, mean, std) => x * std + mean);
  }

  private map(
    values: Float32Array,
    columnIndices: readonly number[] | undefined,
    apply: (x: number, mean: number, std: number) => number,
  ): Float32Array {
    const indices = columnIndices ?? Array.from({ length: this.columns }, (_, column) => column);
    for (const column of indices) {
      if (!Number.isInteger(column) || column < 0 || column >= this.columns) {
        throw new Error(`StandardScaler: column ${column} is outside 0..${this.columns - 1}`);
      }
    }
    const width = indices.length;
    if (width === 0 || values.length % width !== 0) {
      throw new Error(`StandardScaler: ${values.length} values are not rows of ${width} columns`);
    }
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i += 1) {
      const column = indices[i % width]!;
      out[i] = apply(values[i]!, this.mean[column]!, this.std[column]!);
    }
    return out;
  }
}
