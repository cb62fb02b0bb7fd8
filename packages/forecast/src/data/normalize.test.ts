import { describe, expect, it } from 'vitest';
import { StandardScaler } from './normalize.js';

// Columns: a varies, b is constant on the training rows; the last row is outside the fit range.
const values = new Float32Array([1, 5, 2, 5, 3, 5, 4, 5, 100, 7]);

describe('StandardScaler', () => {
  it('fits mean and population std on the given rows only', () => {
    const scaler = StandardScaler.fit(values, 5, 2, [0, 4]);
    expect(Array.from(scaler.mean)).toEqual([2.5, 5]);
    // Population variance of 1..4 is (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25 (the sample one would be 5/3).
    expect(scaler.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(scaler.std[1]).toBe(1);
  });

  it('maps a constant column to 0 instead of NaN and inverts exactly', () => {
    const scaler = StandardScaler.fit(values, 5, 2, [0, 4]);
    const scaled = scaler.transform(values);
    const s = Math.sqrt(1.25);
    const expected = [-1.5 / s, 0, -0.5 / s, 0, 0.5 / s, 0, 1.5 / s, 0, 97.5 / s, 2];
    expected.forEach((value, i) => expect(scaled[i]).toBeCloseTo(value, 5));
    const restored = scaler.inverseTransform(scaled);
    values.forEach((value, i) => expect(restored[i]).toBeCloseTo(value, 4));
  });

  it('transforms a subset of columns, e.g. a target-only prediction', () => {
    const scaler = StandardScaler.fit(values, 5, 2, [0, 4]);
    expect(Array.from(scaler.inverseTransform(new Float32Array([0, 1]), [0]))).toEqual([
      2.5,
      Math.fround(2.5 + Math.sqrt(1.25)),
    ]);
  });

  it('rejects shapes and ranges that do not fit', () => {
    expect(() => StandardScaler.fit(values, 4, 2, [0, 2])).toThrow('10 values do not form [4, 2]');
    expect(() => StandardScaler.fit(values, 5, 2, [3, 3])).toThrow('row range [3, 3) is empty or outside 0..5');
    const scaler = StandardScaler.fit(values, 5, 2, [0, 5]);
    expect(() => scaler.transform(new Float32Array(3))).toThrow('3 values are not rows of 2 columns');
    expect(() => scaler.transform(new Float32Array(2), [2])).toThrow('column 2 is outside 0..1');
  });
});
