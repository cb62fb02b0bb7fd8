import type { TableDefinition } from '../spec/table-definition.js';
import type { TableSpec } from '../spec/table-spec.js';

export interface ToyConfig {
  steps: number;
}

export const TOY_SPEC: TableSpec<ToyConfig> = {
  domain: 'toy',
  id: 'toy-table1',
  title: 'Toy table',
  paper: { citation: 'Nobody et al. (2026)', table: 'Table 1', url: 'https://example.org/toy' },
  rows: [
    { id: 'linear', label: 'Linear' },
    { id: 'quadratic', label: 'Quadratic' },
  ],
  columns: [
    { id: 'a-3', label: 'A, n=3', settings: { dataset: 'a', n: 3 } },
    { id: 'b-5', label: 'B, n=5', settings: { dataset: 'b', n: 5 } },
  ],
  metrics: [
    { id: 'mse', label: 'MSE', direction: 'lower', digits: 3 },
    { id: 'acc', label: 'Acc', direction: 'higher', digits: 2 },
  ],
  reported: { linear: { 'a-3': { mse: 0.5, acc: null } }, quadratic: { 'a-3': { mse: 0.25, acc: 0.9 } } },
  scales: {
    smoke: { description: 'one column', columns: ['a-3'], config: { steps: 3 } },
    small: { description: 'all cells', config: { steps: 5 } },
    paper: { description: 'published setting', config: { steps: 100 } },
  },
};

/** A table whose cells are cheap deterministic functions of (row, column, seed); counts its cell runs. */
export function toyTable(): TableDefinition<ToyConfig> & { calls: string[] } {
  const calls: string[] = [];
  return {
    spec: TOY_SPEC,
    calls,
    async runCell(row, column, ctx) {
      calls.push(`${row.id}/${column.id}/${ctx.seed}`);
      const n = Number(column.settings.n);
      const { steps } = ctx.config;
      const base = (row.id === 'linear' ? 1 : 0.5) / n + ctx.seed * 0.01;
      for (let s = 1; s <= steps; s++) ctx.report(s, steps, { loss: base * (steps + 1 - s) });
      return {
        metrics: { mse: base, acc: 1 - base },
        curves: {
          train: Array.from({ length: steps }, (_, i) => ({ x: i + 1, y: base * (steps - i) })),
          val: Array.from({ length: steps }, (_, i) => ({ x: i + 1, y: base * (steps - i) + 0.1 })),
        },
      };
    },
    // findings read off the seed means, as a domain states which model wins each column
    findings: (cells) =>
      TOY_SPEC.columns.flatMap((column) => {
        const ranked = cells.filter((c) => c.column === column.id).sort((a, b) => (a.metrics.mse?.mean as number) - (b.metrics.mse?.mean as number));
        return ranked.length === 0 ? [] : [`${column.label}: lowest MSE ${ranked[0]?.row}`];
      }),
    // a table-level series, as a domain registers one: our MSE of each model against the column's n
    plots: (cells) => ({
      'mse-vs-n': {
        title: 'MSE against n',
        xLabel: 'n',
        yLabel: 'MSE',
        series: TOY_SPEC.rows.map((row) => ({
          name: row.label,
          points: cells
            .filter((c) => c.row === row.id && c.seed === 0)
            .map((c) => ({ x: Number(TOY_SPEC.columns.find((col) => col.id === c.column)?.settings.n), y: c.metrics.mse as number })),
        })),
      },
    }),
  };
}
