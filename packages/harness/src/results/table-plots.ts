import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CellRecord, TableDefinition } from '../spec/table-definition.js';
import type { Scale } from '../spec/table-spec.js';
import { writePlot } from '../plots/line-plot.js';
import type { LineSeries } from '../plots/line-plot.js';

/**
 * The table's own plots, then one plot per column (dataset × setting) with every model's curves (the
 * first seed run), written as SVG and PNG. Returns links relative to `relativeTo` for the Markdown.
 */
export async function writeTablePlots<C>(
  def: TableDefinition<C>,
  scale: Scale,
  records: CellRecord[],
  plotDir: string,
  relativeTo: string,
): Promise<Array<{ label: string; file: string; files: string[] }>> {
  const { spec } = def;
  const links: Array<{ label: string; file: string; files: string[] }> = [];
  for (const [key, whole] of Object.entries(def.plots?.(records) ?? {})) {
    // a table run in part (--rows, --columns, shards) leaves some series without points: drawn without them
    const plot = { ...whole, series: whole.series.filter((s) => s.points.length > 0) };
    if (plot.series.length === 0) continue;
    const { svg, png } = await writePlot(plot, join(plotDir, `${spec.id}.${scale}.${key}`));
    links.push({ label: plot.title, file: relative(relativeTo, png), files: [svg, png] });
  }
  for (const column of spec.columns) {
    const series: LineSeries[] = [];
    for (const row of spec.rows) {
      const record = records.filter((r) => r.row === row.id && r.column === column.id).sort((a, b) => a.seed - b.seed)[0];
      for (const [curve, points] of Object.entries(record?.curves ?? {})) {
        if (points.length > 0) series.push({ name: `${row.label} ${curve}`, points, dashed: curve !== 'train' });
      }
    }
    const base = join(plotDir, `${spec.id}.${scale}.${column.id}`);
    if (series.length === 0) {
      // cells kept from the committed table file have no curves: keep that column's committed plot
      if (existsSync(`${base}.png`) && records.some((r) => r.column === column.id)) {
        links.push({ label: `${column.label}: training and validation loss`, file: relative(relativeTo, `${base}.png`), files: [`${base}.svg`, `${base}.png`] });
      }
      continue;
    }
    const { svg, png } = await writePlot({ title: `${spec.title}: ${column.label} (${scale})`, xLabel: 'epoch', yLabel: 'loss', series }, base);
    links.push({ label: `${column.label}: training and validation loss`, file: relative(relativeTo, png), files: [svg, png] });
  }
  return links;
}
