import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import { runOneCell } from '../run/run-one-cell.js';
import type { TableDefinition } from '../spec/table-definition.js';
import type { Probe } from './probe.js';

export interface SmokeCellProbeOptions {
  row: string;
  column: string;
  metric: string;
  /** default 0.1 (10% worse than the baseline fails) */
  tolerance?: number;
}

/**
 * A probe on one fixed-seed smoke cell of a table, run on wasm as the table runner would run it (in a
 * temporary folder): the metric's value, checked in the metric's own direction.
 */
export function smokeCellProbe<C>(table: TableDefinition<C>, options: SmokeCellProbeOptions): Probe {
  const { spec } = table;
  const row = spec.rows.find((r) => r.id === options.row);
  const column = spec.columns.find((c) => c.id === options.column);
  const metric = spec.metrics.find((m) => m.id === options.metric);
  if (row === undefined || column === undefined || metric === undefined) {
    throw new Error(`smoke-cell probe of ${spec.id}: no row '${options.row}', column '${options.column}' or metric '${options.metric}'`);
  }
  return {
    name: `${spec.domain}.${spec.id}.${row.id}.${column.id}.${metric.id}`,
    direction: metric.direction,
    tolerance: options.tolerance ?? 0.1,
    description: `${spec.id} smoke cell ${row.id} × ${column.id}, seed 0, wasm: test ${metric.id}`,
    async measure() {
      await initBackend('wasm');
      const dir = mkdtempSync(join(tmpdir(), 'probe-'));
      try {
        const outcome = await runOneCell(table, { row: row.id, column: column.id, config: spec.scales.smoke.config, dir });
        return outcome.metrics[metric.id] as number;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
