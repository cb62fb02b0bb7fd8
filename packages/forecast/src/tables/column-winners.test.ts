import { describe, expect, it } from 'vitest';
import type { AggregatedCell } from '@hybridssm/harness';
import { columnWinners } from './column-winners.js';

const cell = (row: string, column: string, values: number[]): AggregatedCell => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { row, column, seeds: values.map((_, i) => i), metrics: { mse: { mean, std: 0, values } }, reported: { mse: null }, wallTimeSeconds: 1 };
};
const columns = [
  { id: 'etth1-96', label: 'ETTh1 96', settings: {} },
  { id: 'etth1-192', label: 'ETTh1 192', settings: {} },
  { id: 'weather-96', label: 'Weather 96', settings: {} },
  { id: 'ili-24', label: 'ILI 24', settings: {} },
];

describe('columnWinners', () => {
  it('names the side with the lowest mean MSE per column, with both numbers; a column without one side says so', () => {
    const cells = [
      cell('attention-mamba', 'etth1-96', [0.38, 0.4, 0.42]),
      cell('mamba', 'etth1-96', [0.43, 0.43, 0.43]),
      cell('dlinear', 'etth1-96', [0.41, 0.41, 0.41]),
      cell('patchtst', 'etth1-96', [0.405, 0.405, 0.405]),
      cell('mambaformer', 'etth1-192', [0.5]),
      cell('dlinear', 'etth1-192', [0.45]),
      cell('transformer', 'weather-96', [0.3]),
    ];
    expect(columnWinners(columns, cells)).toEqual([
      'ETTh1 96: the family wins — Attention-Mamba 0.400 (3 seeds) against the best baseline, PatchTST-style 0.405 (3 seeds)',
      'ETTh1 192: a baseline wins — DLinear 0.450 against the best family model, Mambaformer 0.500',
      'Weather 96: no baseline run; lowest MSE Transformer 0.300',
    ]);
  });
});
