import type { AggregatedCell, TableSpec } from '@hybridssm/harness';

/**
 * Per column of a recall table: every architecture's mean `metric` and whether the hybrid beats pure
 * Mamba-2 and matches the Transformer there (the paper's two claims about in-context recall), from the
 * finished cells; columns without both the hybrid and Mamba-2 are skipped.
 */
export function recallFindings(spec: TableSpec<unknown>, cells: AggregatedCell[], metric: string): string[] {
  const signed = (d: number) => `${d >= 0 ? '+' : ''}${d.toFixed(3)}`;
  const label = spec.metrics.find((m) => m.id === metric)?.label ?? metric;
  const findings: string[] = [];
  for (const column of spec.columns) {
    const value = (row: string) => cells.find((c) => c.row === row && c.column === column.id)?.metrics[metric]?.mean;
    const hybrid = value('mamba2-hybrid');
    const mamba2 = value('mamba2');
    if (hybrid === undefined || mamba2 === undefined) continue;
    const all = spec.rows.flatMap((row) => (value(row.id) === undefined ? [] : [`${row.id} ${(value(row.id) as number).toFixed(3)}`]));
    const versusMamba2 = hybrid > mamba2 ? 'beats' : hybrid === mamba2 ? 'ties' : 'does not beat';
    const transformer = value('transformer');
    const versusTransformer =
      transformer === undefined ? '' : `, and ${hybrid >= transformer ? 'matches or beats' : 'trails'} the Transformer (${signed(hybrid - transformer)})`;
    findings.push(`${column.label} (${label}): ${all.join(', ')} — the hybrid ${versusMamba2} pure Mamba-2 (${signed(hybrid - mamba2)})${versusTransformer}.`);
  }
  return findings;
}
