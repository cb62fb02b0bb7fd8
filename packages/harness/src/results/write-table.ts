import { dirname, relative } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { BackendInfo } from '@hybridssm/core';
import { writeJsonAtomic } from '../files/json-file.js';
import { tablePaths } from '../files/table-paths.js';
import type { CellRecord, TableDefinition } from '../spec/table-definition.js';
import type { Scale } from '../spec/table-spec.js';
import { aggregateCells } from './aggregate.js';
import { renderMarkdown } from './markdown.js';
import { collectProvenance } from './provenance.js';
import { RESULT_SCHEMA_VERSION, validateResultFile } from './result-file.js';
import type { ResultFile } from './result-file.js';
import { writeTablePlots } from './table-plots.js';

/** Aggregates cell records and writes `<table>.<scale>.json`, `.md` and the plots; returns their paths. */
export async function writeTableResults<C>(
  def: TableDefinition<C>,
  scale: Scale,
  seeds: number[],
  records: CellRecord[],
  outDir: string,
  backend: BackendInfo,
): Promise<string[]> {
  const { spec } = def;
  const paths = tablePaths(outDir, spec.domain, spec.id, scale);
  const plots = await writeTablePlots(def, scale, records, paths.plots, dirname(paths.markdown));
  const cells = aggregateCells(spec, records);
  const result: ResultFile = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    domain: spec.domain,
    table: spec.id,
    title: spec.title,
    paper: spec.paper,
    scale,
    scaleDescription: spec.scales[scale].description,
    config: spec.scales[scale].config,
    seeds,
    metrics: spec.metrics,
    rows: spec.rows,
    columns: spec.columns,
    cells,
    wallTimeSeconds: cells.reduce((a, c) => a + c.wallTimeSeconds, 0),
    writtenAt: new Date().toISOString(),
    plots: plots.flatMap((p) => p.files.map((f) => relative(dirname(paths.json), f))),
    ...(def.findings === undefined ? {} : { findings: def.findings(cells) }),
    ...collectProvenance(backend),
  };
  validateResultFile(JSON.parse(JSON.stringify(result)), paths.json);
  writeJsonAtomic(paths.json, result);
  writeFileSync(paths.markdown, renderMarkdown(result, plots));
  return [paths.json, paths.markdown, ...plots.flatMap((p) => p.files)];
}
