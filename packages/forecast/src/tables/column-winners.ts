import type { AggregatedCell, ColumnSpec } from '@hybridssm/harness';
import { FAMILY, modelLabel } from '../models/model-registry.js';
import type { ModelName } from '../models/model-registry.js';

/**
 * Per column with results, whether the Mambaformer family or a baseline (DLinear, the PatchTST-style
 * model) has the lowest mean test MSE, with the numbers that decide it; columns missing a side say so.
 */
export function columnWinners(columns: readonly ColumnSpec[], cells: readonly AggregatedCell[]): string[] {
  const mse = (cell: AggregatedCell) => cell.metrics.mse?.mean as number;
  const shown = (cell: AggregatedCell) => `${modelLabel(cell.row as ModelName)} ${mse(cell).toFixed(3)}${cell.seeds.length > 1 ? ` (${cell.seeds.length} seeds)` : ''}`;
  return columns.flatMap((column) => {
    const ranked = cells.filter((c) => c.column === column.id && Number.isFinite(mse(c))).sort((a, b) => mse(a) - mse(b));
    if (ranked.length === 0) return [];
    const family = ranked.filter((c) => c.row in FAMILY);
    const baselines = ranked.filter((c) => !(c.row in FAMILY));
    const [bestFamily, bestBaseline] = [family[0], baselines[0]];
    if (bestFamily === undefined || bestBaseline === undefined) {
      return [`${column.label}: ${bestFamily === undefined ? 'no family model' : 'no baseline'} run; lowest MSE ${shown(ranked[0] as AggregatedCell)}`];
    }
    const familyWins = mse(bestFamily) < mse(bestBaseline);
    const [winner, loser] = familyWins ? [bestFamily, bestBaseline] : [bestBaseline, bestFamily];
    return [`${column.label}: ${familyWins ? 'the family' : 'a baseline'} wins — ${shown(winner)} against ${familyWins ? 'the best baseline' : 'the best family model'}, ${shown(loser)}`];
  });
}
