import type { CellRecord } from '../spec/table-definition.js';
import type { TableSpec } from '../spec/table-spec.js';

export interface MetricSummary {
  mean: number;
  /** sample standard deviation over seeds (0 for one seed) */
  std: number;
  values: number[];
}

export interface AggregatedCell {
  row: string;
  column: string;
  seeds: number[];
  metrics: Record<string, MetricSummary>;
  /** the paper's numbers for this cell (null: could not be confirmed) */
  reported: Record<string, number | null>;
  wallTimeSeconds: number;
}

function summarize(values: number[]): MetricSummary {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), values };
}

/** Groups seed records by (row, column) in the spec's order; mean and std per metric. */
export function aggregateCells<C>(spec: TableSpec<C>, records: CellRecord[]): AggregatedCell[] {
  const cells: AggregatedCell[] = [];
  for (const column of spec.columns) {
    for (const row of spec.rows) {
      const seeds = records.filter((r) => r.row === row.id && r.column === column.id).sort((a, b) => a.seed - b.seed);
      if (seeds.length === 0) continue;
      cells.push({
        row: row.id,
        column: column.id,
        seeds: seeds.map((r) => r.seed),
        metrics: Object.fromEntries(spec.metrics.map((m) => [m.id, summarize(seeds.map((r) => r.metrics[m.id] as number))])),
        reported: Object.fromEntries(spec.metrics.map((m) => [m.id, spec.reported[row.id]?.[column.id]?.[m.id] ?? null])),
        wallTimeSeconds: seeds.reduce((a, r) => a + r.wallTimeSeconds, 0),
      });
    }
  }
  return cells;
}
