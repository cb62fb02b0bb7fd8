import type { ColumnSpec, RowSpec, Scale, TableSpec } from '../spec/table-spec.js';

export interface CellKey {
  row: RowSpec;
  column: ColumnSpec;
  seed: number;
}

/** Every (row, column, seed) a scale runs, in a fixed order (columns outermost, then rows, then seeds). */
export function cellsOf<C>(spec: TableSpec<C>, scale: Scale, seeds: number[]): CellKey[] {
  const s = spec.scales[scale];
  const rows = spec.rows.filter((r) => s.rows === undefined || s.rows.includes(r.id));
  const columns = spec.columns.filter((c) => s.columns === undefined || s.columns.includes(c.id));
  return columns.flatMap((column) => rows.flatMap((row) => seeds.map((seed) => ({ row, column, seed }))));
}

/** Which of the scale's rows and columns to run (ids); absent: all of them. */
export interface CellFilter {
  rows?: readonly string[];
  columns?: readonly string[];
}

/** The cells whose row and column the filter names; an id the table's scale does not run is an error naming the ones it does. */
export function filterCells(cells: CellKey[], filter: CellFilter, tableId: string, scale: Scale): CellKey[] {
  const pick = (flag: 'rows' | 'columns', wanted: readonly string[] | undefined, idOf: (cell: CellKey) => string) => {
    if (wanted === undefined) return () => true;
    const known = [...new Set(cells.map(idOf))];
    const unknown = wanted.filter((id) => !known.includes(id));
    if (unknown.length > 0) throw new Error(`--${flag}: ${tableId} at scale ${scale} has no ${unknown.join(', ')}; it runs ${known.join(', ')}`);
    return (cell: CellKey) => wanted.includes(idOf(cell));
  };
  const rowWanted = pick('rows', filter.rows, (c) => c.row.id);
  const columnWanted = pick('columns', filter.columns, (c) => c.column.id);
  return cells.filter((c) => rowWanted(c) && columnWanted(c));
}

export interface Shard {
  index: number;
  count: number;
}

/** The cells of one shard: every count-th cell starting at index, so shards are disjoint and cover all. */
export function shardCells(cells: CellKey[], shard: Shard | undefined): CellKey[] {
  return shard === undefined ? cells : cells.filter((_, i) => i % shard.count === shard.index);
}

/** Parses "i/n" (0 ≤ i < n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1) || !(index < count)) {
    throw new Error(`--shard must be i/n with 0 <= i < n (e.g. 0/4); got '${text}'`);
  }
  return { index, count };
}

/** A cell's file name stem, from a cell record's ids. */
export const recordName = (record: { row: string; column: string; seed: number }) => `${record.row}__${record.column}__seed${record.seed}`;
export const cellName = (key: CellKey) => recordName({ row: key.row.id, column: key.column.id, seed: key.seed });
