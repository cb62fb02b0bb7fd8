import { describe, expect, it } from 'vitest';
import { etthSizes, ettmSizes, ratioSizes, splitBorders } from './splits.js';

describe('split sizes', () => {
  it('ETT uses 12/4/4 months of 30 days', () => {
    expect(etthSizes()).toEqual({ train: 8640, val: 2880, test: 2880 });
    expect(ettmSizes()).toEqual({ train: 34560, val: 11520, test: 11520 });
  });

  it('ratio splits truncate train and test like int() and give validation the rest', () => {
    expect(ratioSizes(100)).toEqual({ train: 70, val: 10, test: 20 });
    // Exchange: 7588 * 0.7 = 5311.6 and 7588 * 0.2 = 1517.6.
    expect(ratioSizes(7588)).toEqual({ train: 5311, val: 760, test: 1517 });
    // ILI: 966 * 0.7 = 676.2, 966 * 0.2 = 193.2.
    expect(ratioSizes(966)).toEqual({ train: 676, val: 97, test: 193 });
  });
});

describe('splitBorders', () => {
  it('reaches seqLen rows back into the previous split', () => {
    expect(splitBorders('ratio', 100, 10)).toEqual({ train: [0, 70], val: [60, 80], test: [70, 100] });
    expect(splitBorders('etth', 17420, 96)).toEqual({ train: [0, 8640], val: [8544, 11520], test: [11424, 14400] });
    expect(splitBorders('ettm', 69680, 96)).toEqual({
      train: [0, 34560],
      val: [34464, 46080],
      test: [45984, 57600],
    });
  });

  it('rejects data shorter than the fixed ETT borders or a lookback longer than training', () => {
    expect(() => splitBorders('etth', 14399, 96)).toThrow('etth splits need 14400 rows (8640/2880/2880), the data has 14399');
    expect(() => splitBorders('ratio', 10, 8)).toThrow('the training split has 7 rows, fewer than seqLen 8');
  });
});
