import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendInfo, Progress } from '@hybridssm/core';
import { createProgress, throwIfWebGpuFailed } from '@hybridssm/core';
import type { Scale } from '../spec/table-spec.js';
import { writeTableResults } from '../results/write-table.js';
import { readJson, writeJsonAtomic } from '../files/json-file.js';
import { tablePaths } from '../files/table-paths.js';
import type { CellRecord, TableDefinition } from '../spec/table-definition.js';
import { cellName, cellsOf, filterCells, recordName, shardCells } from './cells.js';
import { recordsFromTableFile } from './committed-cells.js';
import type { CellFilter, CellKey, Shard } from './cells.js';

export interface RunOptions {
  scale: Scale;
  seeds: number[];
  /** results root, e.g. `results` */
  outDir: string;
  dataDir: string;
  backend: BackendInfo;
  shard?: Shard;
  /** only these rows / columns of the scale's cells */
  filter?: CellFilter;
  /** recompute cells that already have results */
  fresh?: boolean;
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface RunSummary {
  ran: number;
  skipped: number;
  /** table files written (JSON, Markdown, plots), or the shard file */
  written: string[];
}

/**
 * Runs every cell of a table at a scale (or one shard of them). Finished cells are files, so a rerun
 * skips them: a crash or Ctrl-C loses at most the cell in flight. Without a shard, the table's JSON,
 * Markdown and plots are written at the end; with one, a shard file for `merge`.
 */
export async function runTable<C>(def: TableDefinition<C>, options: RunOptions): Promise<RunSummary> {
  const { spec } = def;
  const log = options.log ?? ((line: string) => console.log(line));
  const paths = tablePaths(options.outDir, spec.domain, spec.id, options.scale);
  mkdirSync(paths.runs, { recursive: true });
  const cells = shardCells(filterCells(cellsOf(spec, options.scale, options.seeds), options.filter ?? {}, spec.id, options.scale), options.shard);
  const filesOf = (key: CellKey) => {
    const stem = join(paths.runs, cellName(key));
    return { record: `${stem}.json`, log: `${stem}.log.jsonl`, checkpoint: `${stem}.ckpt.safetensors` };
  };
  // cells finished before: in the runs folder, else in the table file already written (`runs/` is not
  // committed, so a fresh clone has only the table file)
  const committed = new Map(recordsFromTableFile(paths.json).map((record) => [recordName(record), record]));
  const finishedRecord = (key: CellKey): CellRecord | undefined => {
    const { record } = filesOf(key);
    return existsSync(record) ? readJson<CellRecord>(record) : committed.get(cellName(key));
  };
  const records: CellRecord[] = [];
  let ran = 0;
  for (const [i, key] of cells.entries()) {
    const files = filesOf(key);
    // --fresh recomputes the cells this run selects, from scratch (no record, log or checkpoint to resume
    // from); the other cells of the scale stay finished
    if (options.fresh) for (const file of Object.values(files)) rmSync(file, { force: true });
    const done = options.fresh ? undefined : finishedRecord(key);
    if (done !== undefined) {
      records.push(done);
      continue;
    }
    const label = `cell ${i + 1}/${cells.length} ${key.row.id} × ${key.column.id} seed ${key.seed}`;
    let progress: Progress | undefined;
    const started = Date.now();
    const outcome = await def.runCell(key.row, key.column, {
      scale: options.scale,
      config: spec.scales[options.scale].config,
      seed: key.seed,
      dataDir: options.dataDir,
      logPath: files.log,
      checkpointPath: files.checkpoint,
      quiet: options.quiet ?? false,
      report: (step, total, metrics) => {
        progress ??= createProgress(label, total, { quiet: options.quiet, lines: 5 });
        progress.update(step, metrics);
      },
    });
    progress?.stop();
    // a cell whose webgpu device reported an error ran on garbage: it is not recorded
    throwIfWebGpuFailed(`${spec.id}: cell ${cellName(key)}`);
    for (const metric of spec.metrics) {
      if (!Number.isFinite(outcome.metrics[metric.id])) {
        throw new Error(`${spec.id}: cell ${cellName(key)} returned no finite value for metric '${metric.id}'`);
      }
    }
    const record: CellRecord = {
      row: key.row.id,
      column: key.column.id,
      seed: key.seed,
      metrics: outcome.metrics,
      curves: outcome.curves ?? {},
      wallTimeSeconds: (Date.now() - started) / 1000,
      backend: options.backend.backend,
      finishedAt: new Date().toISOString(),
    };
    writeJsonAtomic(files.record, record);
    records.push(record);
    ran += 1;
    const shown = spec.metrics.map((m) => `${m.id} ${(outcome.metrics[m.id] as number).toFixed(m.digits)}`).join(', ');
    log(`${label}: ${shown} (${record.wallTimeSeconds.toFixed(1)} s)`);
  }
  const skipped = cells.length - ran;
  if (options.shard !== undefined) {
    const shardFile = paths.shard(options.shard.index, options.shard.count);
    writeJsonAtomic(shardFile, { table: spec.id, domain: spec.domain, scale: options.scale, shard: options.shard, cells: records });
    return { ran, skipped, written: [shardFile] };
  }
  // with --rows / --columns, the table files still hold every finished cell of the scale
  const others = cellsOf(spec, options.scale, options.seeds).filter((key) => !cells.some((c) => cellName(c) === cellName(key)));
  const finished = others.flatMap((key) => finishedRecord(key) ?? []);
  const written = await writeTableResults(def, options.scale, options.seeds, [...records, ...finished], options.outDir, options.backend);
  return { ran, skipped, written };
}
