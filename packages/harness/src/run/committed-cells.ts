import { existsSync } from 'node:fs';
import { readJson } from '../files/json-file.js';
import type { ResultFile } from '../results/result-file.js';
import type { CellRecord } from '../spec/table-definition.js';

/**
 * The seed records of the cells a committed table file holds. `runs/` is not committed, so in a fresh
 * clone a run of some rows or columns would otherwise write a table without the others' committed
 * cells. Each seed's metrics come back, its wall time as the cell's share, and the backend the table
 * names; its curves do not (the column's committed plot is kept, see writeTablePlots).
 */
export function recordsFromTableFile(path: string): CellRecord[] {
  if (!existsSync(path)) return [];
  const file = readJson<ResultFile>(path);
  return file.cells.flatMap((cell) =>
    cell.seeds.map((seed, i) => ({
      row: cell.row,
      column: cell.column,
      seed,
      metrics: Object.fromEntries(Object.entries(cell.metrics).map(([id, summary]) => [id, summary.values[i] as number])),
      curves: {},
      wallTimeSeconds: cell.wallTimeSeconds / cell.seeds.length,
      backend: file.backend.name,
      finishedAt: file.writtenAt,
    })),
  );
}
