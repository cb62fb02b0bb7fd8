import type { LinePlot } from '../plots/line-plot.js';
import type { ColumnSpec, RowSpec, Scale, TableSpec } from '../spec/table-spec.js';
import type { CellRecord } from './cell-record.js';

export interface SeriesPoint {
  x: number;
  y: number;
}

/** What a cell run gets from the runner. */
export interface CellContext {
  scale: Scale;
  /** the scale's complete config from the spec */
  config: Record<string, unknown>;
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

/** A runnable table: the data and the function that computes one (row, column, seed) cell. */
export interface TableDefinition {
  spec: TableSpec;
  runCell(row: RowSpec, column: ColumnSpec, ctx: CellContext): Promise<CellOutcome>;
  /**
   * Plots of the whole table beyond the per-column training curves, built from the finished cells
   * (e.g. latency against context length); each is written as `<table>.<scale>.<key>.{svg,png}`.
   */
  plots?(cells: CellRecord[]): Record<string, LinePlot>;
}
