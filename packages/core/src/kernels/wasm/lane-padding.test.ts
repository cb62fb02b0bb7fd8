import { describe, expect, it } from 'vitest';
import { LanePadding } from './lane-padding.js';

describe('LanePadding', () => {
  it('pads each group to a multiple of 4 with zeros and unpads back', () => {
    const padding = new LanePadding(6, 2); // groups of 3 → 4
    expect(padding.padded).toBe(8);
    const rows = Float32Array.from({ length: 12 }, (_, i) => i + 1); // [2 rows, 6]
    const padded = new Float32Array(16).fill(NaN);
    padding.pad(rows, padded);
    expect([...padded]).toEqual([1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 10, 11, 12, 0]);
    const back = new Float32Array(12).fill(NaN);
    padding.unpad(padded, back);
    expect([...back]).toEqual([...rows]);
  });

  it('transposes [batches, size, k] to [batches, k, padded] and back', () => {
    const padding = new LanePadding(3); // one group of 3 → 4
    const values = Float32Array.from({ length: 12 }, (_, i) => i); // [2 batches, 3, 2]
    const transposed = new Float32Array(16).fill(NaN);
    padding.padTransposed(values, 2, transposed);
    expect([...transposed]).toEqual([0, 2, 4, 0, 1, 3, 5, 0, 6, 8, 10, 0, 7, 9, 11, 0]);
    const back = new Float32Array(12).fill(NaN);
    padding.unpadTransposed(transposed, 2, back);
    expect([...back]).toEqual([...values]);
  });

  it('copies unchanged when every group is a multiple of 4', () => {
    const padding = new LanePadding(8, 2);
    const values = Float32Array.from({ length: 8 }, (_, i) => i);
    const copy = new Float32Array(8);
    padding.pad(values, copy);
    expect(copy).toEqual(values);
    const back = new Float32Array(8).fill(NaN);
    padding.unpad(copy, back);
    expect(back).toEqual(values);
  });
});
