import type { LinePlot } from '../plots/line-plot.js';
import type { AggregatedCell } from '../results/aggregate.js';
import type { ColumnSpec, RowSpec, Scale, TableSpec } from './table-spec.js';

export interface SeriesPoint {
  x: number;
  y: number;
}

/** What a cell run gets from the runner; `C` is the table's scale config. */
export interface CellContext<C> {
  scale: Scale;
  /** the scale's complete config from the spec */
  config: C;
  seed: number;
  /** where datasets are (`--data-dir`) */
  dataDir: string;
  /** JSON-lines log of this cell (pass to the core training loop) */
  logPath: string;
  /** this cell's training checkpoint, for resume inside a cell */
  checkpointPath: string;
  quiet: boolean;
  /** progress of the cell's own loop: shown by the runner's display */
  report(step: number, total: number, metrics: Record<string, number>): void;
}

/** What a cell run returns: one value per metric of the table, and curves to plot. */
export interface CellOutcome {
  metrics: Record<string, number>;
  /** e.g. { train: [...], val: [...] } loss per epoch or step */
  curves?: Record<string, SeriesPoint[]>;
}

/** The result of one (row, column, seed) cell, as written to results/<domain>/runs/<table>.<scale>/. */
export interface CellRecord {
  row: string;
  column: string;
  seed: number;
  metrics: Record<string, number>;
  curves: Record<string, SeriesPoint[]>;
  wallTimeSeconds: number;
  backend: string;
  finishedAt: string;
}

/**
 * A runnable table: the data and the function that computes one (row, column, seed) cell. `C` is the
 * config type of its scales; a list of tables of different domains is `TableDefinition<unknown>[]`
 * (runCell is a method, so a table of any config fits there).
 */
export interface TableDefinition<C> {
  spec: TableSpec<C>;
  runCell(row: RowSpec, column: ColumnSpec, ctx: CellContext<C>): Promise<CellOutcome>;
  /**
   * Plots of the whole table beyond the per-column training curves, built from the finished cells
   * (e.g. latency against context length); each is written as `<table>.<scale>.<key>.{svg,png}`.
   */
  plots?(cells: CellRecord[]): Record<string, LinePlot>;
  /**
   * Sentences read off the finished cells (seed means), listed under the table, e.g. which model wins
   * each column; saved in the result file as `findings`.
   */
  findings?(cells: AggregatedCell[]): string[];
}
