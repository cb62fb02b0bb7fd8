import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@hybridssm/core';
import type { BackendInfo } from '@hybridssm/core';
import { mergeShards } from './merge.js';
import { runTable } from './run-table.js';
import { tablePaths } from '../files/table-paths.js';
import { validateResultFile } from '../results/result-file.js';
import type { ResultFile } from '../results/result-file.js';
import { toyTable } from '../test-support/toy-table.js';

let backend: BackendInfo;
const quiet = { quiet: true, log: () => {} };

describe('table runner', () => {
  beforeAll(async () => {
    backend = await initBackend('cpu');
  });

  it('runs a toy table at smoke scale: JSON + Markdown + PNG plot; a second run resumes without recomputing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'harness-'));
    const table = toyTable();
    const first = await runTable(table, { scale: 'smoke', seeds: [0, 1], outDir: out, dataDir: out, backend, ...quiet });
    expect(first).toMatchObject({ ran: 4, skipped: 0 });
    expect(table.calls).toEqual(['linear/a-3/0', 'linear/a-3/1', 'quadratic/a-3/0', 'quadratic/a-3/1']);
    const paths = tablePaths(out, 'toy', 'toy-table1', 'smoke');
    const result = validateResultFile(JSON.parse(readFileSync(paths.json, 'utf8')), paths.json);
    expect(result.cells).toHaveLength(2);
    const linear = result.cells.find((c) => c.row === 'linear');
    expect(linear?.metrics.mse?.mean).toBeCloseTo((1 / 3 + (1 / 3 + 0.01)) / 2, 10);
    expect(linear?.metrics.mse?.std).toBeCloseTo(Math.sqrt(0.01 ** 2 / 2), 10);
    expect(linear?.reported).toEqual({ mse: 0.5, acc: null });
    expect(result.backend.name).toBe('cpu');
    expect(result.machine.cores).toBeGreaterThan(0);

    const markdown = readFileSync(paths.markdown, 'utf8');
    expect(markdown).toContain('Scale **smoke**: one column. Backend **cpu**');
    expect(markdown).toContain("This is not the paper's setting");
    expect(markdown).toMatch(/\| A, n=3 \| 0\.338 ± 0\.007 \(0\.500\) \| 0\.66 ± 0\.01 \(—\) \| \*\*0\.172 ± 0\.007\*\* \(0\.250\) \| \*\*0\.83 ± 0\.01\*\* \(0\.90\) \|/);
    expect(result.plots).toContain('plots/toy-table1.smoke.mse-vs-n.png');
    expect(markdown).toContain('[MSE against n](plots/toy-table1.smoke.mse-vs-n.png)');
    expect(result.findings).toEqual(['A, n=3: lowest MSE quadratic']);
    expect(markdown).toContain('## Findings\n\n- A, n=3: lowest MSE quadratic');
    const png = result.plots.find((p) => p.endsWith('.png')) as string;
    expect(markdown).toContain(png);
    const image = await sharp(join(out, 'toy', png)).metadata();
    expect(image.format).toBe('png');
    expect(image.width).toBeGreaterThan(100);

    const second = await runTable(table, { scale: 'smoke', seeds: [0, 1], outDir: out, dataDir: out, backend, ...quiet });
    expect(second).toMatchObject({ ran: 0, skipped: 4 });
    expect(table.calls).toHaveLength(4);
    const fresh = await runTable(table, { scale: 'smoke', seeds: [0, 1], outDir: out, dataDir: out, backend, fresh: true, ...quiet });
    expect(fresh.ran).toBe(4);
  });

  it('--rows / --columns run only those cells; the table keeps every finished cell; an unknown id is one clear error', async () => {
    const out = mkdtempSync(join(tmpdir(), 'harness-filter-'));
    const table = toyTable();
    const run = (filter: { rows?: string[]; columns?: string[] }) => runTable(table, { scale: 'smoke', seeds: [0], outDir: out, dataDir: out, backend, filter, ...quiet });
    expect(await run({ rows: ['quadratic'] })).toMatchObject({ ran: 1, skipped: 0 });
    expect(table.calls).toEqual(['quadratic/a-3/0']);
    expect(await run({ rows: ['linear'], columns: ['a-3'] })).toMatchObject({ ran: 1, skipped: 0 });
    const paths = tablePaths(out, 'toy', 'toy-table1', 'smoke');
    const result = validateResultFile(JSON.parse(readFileSync(paths.json, 'utf8')), paths.json);
    expect(result.cells.map((c) => c.row).sort()).toEqual(['linear', 'quadratic']);
    await expect(run({ rows: ['cubic'] })).rejects.toThrow('--rows: toy-table1 at scale smoke has no cubic; it runs linear, quadratic');
    await expect(run({ columns: ['a-4'] })).rejects.toThrow('--columns: toy-table1 at scale smoke has no a-4; it runs a-3');
  });

  it('in a fresh clone (no runs folder) the committed cells count as done, and a run of some columns keeps the others and their plots', async () => {
    const out = mkdtempSync(join(tmpdir(), 'harness-clone-'));
    const table = toyTable();
    const run = (columns: string[]) => runTable(table, { scale: 'small', seeds: [0, 1], outDir: out, dataDir: out, backend, filter: { columns }, ...quiet });
    await run(['a-3']);
    const paths = tablePaths(out, 'toy', 'toy-table1', 'small');
    const read = () => validateResultFile(JSON.parse(readFileSync(paths.json, 'utf8')), paths.json);
    const committed = read();
    rmSync(paths.runs, { recursive: true });
    expect(await run(['b-5'])).toMatchObject({ ran: 4, skipped: 0 });
    expect(table.calls.filter((c) => c.includes('a-3'))).toHaveLength(4); // a-3 was not recomputed
    const after = read();
    expect(after.cells.map((c) => `${c.row} ${c.column}`)).toEqual(['linear a-3', 'quadratic a-3', 'linear b-5', 'quadratic b-5']);
    for (const cell of committed.cells) expect(after.cells.find((c) => c.row === cell.row && c.column === cell.column)).toEqual(cell);
    expect(after.plots).toContain('plots/toy-table1.small.a-3.png');
    expect(after.plots).toContain('plots/toy-table1.small.b-5.png');
    expect(readFileSync(paths.markdown, 'utf8')).toContain('[A, n=3: training and validation loss](plots/toy-table1.small.a-3.png)');
    rmSync(paths.runs, { recursive: true });
    const resumed = await runTable(table, { scale: 'small', seeds: [0, 1], outDir: out, dataDir: out, backend, ...quiet });
    expect(resumed).toMatchObject({ ran: 0, skipped: 8 }); // the committed cells count as done
    expect(read().cells).toEqual(after.cells);
    expect(await runTable(table, { scale: 'small', seeds: [0, 1], outDir: out, dataDir: out, backend, fresh: true, ...quiet })).toMatchObject({ ran: 8 });
  });

  it('--fresh with --columns recomputes only those cells; the table keeps the other columns as they were', async () => {
    const out = mkdtempSync(join(tmpdir(), 'harness-fresh-'));
    const table = toyTable();
    const run = (options: { columns?: string[]; fresh?: boolean }) =>
      runTable(table, { scale: 'small', seeds: [0, 1], outDir: out, dataDir: out, backend, fresh: options.fresh, filter: { columns: options.columns }, ...quiet });
    await run({});
    const paths = tablePaths(out, 'toy', 'toy-table1', 'small');
    const read = () => validateResultFile(JSON.parse(readFileSync(paths.json, 'utf8')), paths.json);
    const before = read();
    const calls = table.calls.length;
    expect(await run({ columns: ['a-3'], fresh: true })).toMatchObject({ ran: 4, skipped: 0 });
    expect(table.calls.slice(calls).every((c) => c.includes('a-3'))).toBe(true);
    const after = read();
    expect(after.cells.map((c) => `${c.row} ${c.column}`)).toEqual(before.cells.map((c) => `${c.row} ${c.column}`));
    for (const cell of before.cells.filter((c) => c.column === 'b-5')) expect(after.cells.find((c) => c.row === cell.row && c.column === cell.column)).toEqual(cell);
    expect(await run({})).toMatchObject({ ran: 0, skipped: 8 });
  });

  it('--shard 0/2 and 1/2 then merge equals one full run', async () => {
    const full = mkdtempSync(join(tmpdir(), 'harness-full-'));
    const sharded = mkdtempSync(join(tmpdir(), 'harness-sharded-'));
    await runTable(toyTable(), { scale: 'small', seeds: [0], outDir: full, dataDir: full, backend, ...quiet });
    const shards = [];
    for (const index of [0, 1]) {
      const table = toyTable();
      const summary = await runTable(table, { scale: 'small', seeds: [0], outDir: sharded, dataDir: sharded, backend, shard: { index, count: 2 }, ...quiet });
      expect(table.calls).toHaveLength(2);
      shards.push(summary.written[0] as string);
    }
    expect(existsSync(tablePaths(sharded, 'toy', 'toy-table1', 'small').json)).toBe(false);
    await mergeShards(toyTable(), 'small', [0], shards, sharded);
    const merged = JSON.parse(readFileSync(tablePaths(sharded, 'toy', 'toy-table1', 'small').json, 'utf8')) as ResultFile;
    expect(merged.backend).toMatchObject({ name: 'cpu', message: 'merged from 2 shard files; cells computed on cpu' });
    const read = (dir: string) =>
      (JSON.parse(readFileSync(tablePaths(dir, 'toy', 'toy-table1', 'small').json, 'utf8')) as ResultFile).cells.map((c) => ({
        row: c.row, column: c.column, metrics: c.metrics,
      }));
    expect(read(sharded)).toEqual(read(full));
    await expect(mergeShards(toyTable(), 'small', [0], shards.slice(0, 1), sharded)).rejects.toThrow(/missing cells/);
  });

  it('fails clearly when a cell returns no value for a metric', async () => {
    const out = mkdtempSync(join(tmpdir(), 'harness-bad-'));
    const table = toyTable();
    const broken = { ...table, runCell: async () => ({ metrics: { mse: Number.NaN, acc: 1 } }) };
    await expect(runTable(broken, { scale: 'smoke', seeds: [0], outDir: out, dataDir: out, backend, ...quiet })).rejects.toThrow(
      /toy-table1: cell linear__a-3__seed0 returned no finite value for metric 'mse'/,
    );
  });
});
