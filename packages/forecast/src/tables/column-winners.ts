import type { AggregatedCell, ColumnSpec } from '@hybridssm/harness';
import { FAMILY, modelLabel } from '../models/model-registry.js';
import type { ModelName } from '../models/model-registry.js';

/** One column's comparison: the best family model and the best baseline (DLinear, PatchTST-style) by mean test MSE. */
export interface ColumnVerdict {
  column: ColumnSpec;
  bestFamily?: AggregatedCell;
  bestBaseline?: AggregatedCell;
  /** the side with the lower mean MSE; undefined where a side has no result */
  winner?: 'family' | 'baseline';
}

const mse = (cell: AggregatedCell) => cell.metrics.mse?.mean as number;

/** The verdict of every column that has results, in the columns' order. */
export function columnVerdicts(columns: readonly ColumnSpec[], cells: readonly AggregatedCell[]): ColumnVerdict[] {
  return columns.flatMap((column) => {
    const ranked = cells.filter((c) => c.column === column.id && Number.isFinite(mse(c))).sort((a, b) => mse(a) - mse(b));
    if (ranked.length === 0) return [];
    const bestFamily = ranked.find((c) => c.row in FAMILY);
    const bestBaseline = ranked.find((c) => !(c.row in FAMILY));
    const winner = bestFamily === undefined || bestBaseline === undefined ? undefined : mse(bestFamily) < mse(bestBaseline) ? 'family' : 'baseline';
    return [{ column, ...(bestFamily === undefined ? {} : { bestFamily }), ...(bestBaseline === undefined ? {} : { bestBaseline }), ...(winner === undefined ? {} : { winner }) }];
  });
}

/** A model's label and mean MSE, with the seed count when there are several. */
export function shownCell(cell: AggregatedCell): string {
  return `${modelLabel(cell.row as ModelName)} ${mse(cell).toFixed(3)}${cell.seeds.length > 1 ? ` (${cell.seeds.length} seeds)` : ''}`;
}

/**
 * Per column with results, whether the Mambaformer family or a baseline (DLinear, the PatchTST-style
 * model) has the lowest mean test MSE, with the numbers that decide it; columns missing a side say so.
 */
export function columnWinners(columns: readonly ColumnSpec[], cells: readonly AggregatedCell[]): string[] {
  return columnVerdicts(columns, cells).map(({ column, bestFamily, bestBaseline, winner }) => {
    if (bestFamily === undefined || bestBaseline === undefined) {
      return `${column.label}: ${bestFamily === undefined ? 'no family model' : 'no baseline'} run; lowest MSE ${shownCell((bestFamily ?? bestBaseline) as AggregatedCell)}`;
    }
    const [first, second] = winner === 'family' ? [bestFamily, bestBaseline] : [bestBaseline, bestFamily];
    return `${column.label}: ${winner === 'family' ? 'the family wins' : 'a baseline wins'} — ${shownCell(first)} against ${winner === 'family' ? 'the best baseline' : 'the best family model'}, ${shownCell(second)}`;
  });
}
