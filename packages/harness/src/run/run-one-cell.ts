import { join } from 'node:path';
import type { Scale } from '../spec/table-spec.js';
import type { CellOutcome, TableDefinition } from '../spec/table-definition.js';

export interface OneCellOptions<C> {
  row: string;
  column: string;
  /** the scale's config, or one cut down further */
  config: C;
  /** folder for the cell's data, log and checkpoint */
  dir: string;
  /** 'smoke' unless given */
  scale?: Scale;
  /** 0 unless given */
  seed?: number;
}

/**
 * Runs one cell of a table outside the table runner (a probe, a test): quiet, no progress display, the
 * data folder, log and checkpoint in `dir`. Throws naming the table when the row or column is not in it.
 */
export async function runOneCell<C>(table: TableDefinition<C>, options: OneCellOptions<C>): Promise<CellOutcome> {
  const { spec } = table;
  const row = spec.rows.find((r) => r.id === options.row);
  const column = spec.columns.find((c) => c.id === options.column);
  if (row === undefined || column === undefined) throw new Error(`${spec.id}: no row '${options.row}' or no column '${options.column}'`);
  return table.runCell(row, column, {
    scale: options.scale ?? 'smoke',
    config: options.config,
    seed: options.seed ?? 0,
    dataDir: options.dir,
    logPath: join(options.dir, 'log.jsonl'),
    checkpointPath: join(options.dir, 'ckpt.safetensors'),
    quiet: true,
    report: () => {},
  });
}
