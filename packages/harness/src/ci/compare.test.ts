import { describe, expect, it } from 'vitest';
import { acceptableLimit, compareWithBaselines, formatOutcomes } from './compare.js';

describe('baseline comparison', () => {
  const baselines = {
    loss: { value: 0.4, direction: 'lower' as const, tolerance: 0.05, description: '' },
    speedup: { value: 10, direction: 'higher' as const, tolerance: 0.5, description: '' },
  };

  it('accepts values within tolerance in either direction', () => {
    expect(acceptableLimit(baselines.loss)).toBeCloseTo(0.42);
    expect(acceptableLimit(baselines.speedup)).toBeCloseTo(5);
    const outcomes = compareWithBaselines(
      { loss: { value: 0.419, direction: 'lower' }, speedup: { value: 5.1, direction: 'higher' } },
      baselines,
    );
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
  });

  it('flags a worse value, a NaN, and a missing baseline, by probe name', () => {
    const outcomes = compareWithBaselines(
      { loss: { value: 0.43, direction: 'lower' }, speedup: { value: Number.NaN, direction: 'higher' }, extra: { value: 1, direction: 'lower' } },
      baselines,
    );
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['loss', 'regressed'],
      ['speedup', 'regressed'],
      ['extra', 'no baseline'],
    ]);
    expect(formatOutcomes(outcomes)).toMatch(/\| loss \| 0\.43 \| 0\.4 \| ≤ 0\.42 \| regressed \|/);
  });
});
