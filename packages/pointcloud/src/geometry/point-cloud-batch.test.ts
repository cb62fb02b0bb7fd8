import { ArgumentError } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { pointCloudBatch } from './point-cloud-batch.js';

describe('pointCloudBatch', () => {
  it('wraps coordinates whose length matches batch × count × 3', () => {
    const points = new Float32Array(2 * 5 * 3);
    expect(pointCloudBatch(points, 2, 5)).toEqual({ points, batch: 2, count: 5 });
  });

  it('names the argument and the expected and actual lengths', () => {
    expect(() => pointCloudBatch(new Float32Array(29), 2, 5)).toThrow(
      new ArgumentError("pointCloudBatch: 'points' [batch 2, count 5, 3] must have 30 coordinates; got 29"),
    );
    expect(() => pointCloudBatch(new Float32Array(0), 1, 0)).toThrow("must hold at least one point per cloud; got count 0");
    expect(() => pointCloudBatch(new Float64Array(3) as unknown as Float32Array, 1, 1)).toThrow('in a Float32Array; got Float64Array');
    expect(() => pointCloudBatch(new Float32Array(3), 0.5, 2)).toThrow("'points' must hold at least one cloud; got batch 0.5");
  });
});
