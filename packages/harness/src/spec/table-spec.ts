/** Lower or higher is better. */
export type Direction = 'lower' | 'higher';

export const SCALES = ['smoke', 'small', 'paper'] as const;
export type Scale = (typeof SCALES)[number];

export interface MetricSpec {
  id: string;
  label: string;
  direction: Direction;
  /** decimals shown in tables */
  digits: number;
}

/** A row of the paper's table: a model. */
export interface RowSpec {
  id: string;
  label: string;
}

/** A column of the paper's table: a dataset under settings (e.g. horizon 96). */
export interface ColumnSpec {
  id: string;
  label: string;
  settings: Record<string, string | number>;
}

/** One complete configuration of a table (DESIGN.md §Experiments); `C` is the domain's config type. */
export interface ScaleSpec<C> {
  description: string;
  /** the rows and columns this scale runs; all when absent */
  rows?: string[];
  columns?: string[];
  config: C;
}

/**
 * A paper table as data: what it compares, how it is measured, the paper's own numbers, and the
 * three scales it can be run at. `C` is the config type every scale carries (the domain's own).
 */
export interface TableSpec<C = unknown> {
  domain: string;
  id: string;
  title: string;
  paper: { citation: string; table: string; url: string; note?: string };
  rows: RowSpec[];
  columns: ColumnSpec[];
  metrics: MetricSpec[];
  /** reported[row][column][metric]: the paper's number, or null where it could not be confirmed */
  reported: Record<string, Record<string, Record<string, number | null>>>;
  scales: Record<Scale, ScaleSpec<C>>;
}
