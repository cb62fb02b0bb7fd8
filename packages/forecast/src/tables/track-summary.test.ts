import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResultFile } from '@hybridssm/harness';
import { describe, expect, it } from 'vitest';
import { forecastTracksMarkdown, optionsTrackTable, paperTrackTable, withTrackTables } from './track-summary.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe("the tracks' tables", () => {
  it("the forecast README's tracks section is what the committed results give", () => {
    const readme = readFileSync(`${repoRoot}packages/forecast/README.md`, 'utf8');
    expect(withTrackTables(readme, forecastTracksMarkdown(`${repoRoot}results`))).toBe(readme);
  });

  it('puts our paper cells beside the official code run of the same settings (its best-validation epoch), and lists the required cells not run yet', () => {
    expect(paperTrackTable(undefined)).toContain('| Transformer | ETTh1 96 | not run yet | — | 0.915 (epoch 2 of 2) | — |');
    const cell = { row: 'transformer', column: 'etth1-96', seeds: [0], metrics: { mse: { mean: 1.0, std: 0, values: [1.0] }, mae: { mean: 0.8, std: 0, values: [0.8] } }, reported: {}, wallTimeSeconds: 1 };
    const result = { cells: [cell], columns: [], seeds: [0], scale: 'paper', backend: { name: 'wasm' }, machine: { cpu: 'a CPU' }, git: null } as unknown as ResultFile;
    const table = paperTrackTable(result);
    expect(table).toContain('| Transformer | ETTh1 96 | 1.000 | 0.800 | 0.915 (epoch 2 of 2) | 1.09 |');
    expect(table).toContain('| Mambaformer | ETTh1 96 | not run yet | — | — (not run) | — |');
  });

  it('marks an options cell run at fewer seeds than the table, and calls its column\'s verdict provisional', () => {
    const cell = (row: string, values: number[]) => ({ row, column: 'etth1-96', seeds: values.map((_, i) => i), metrics: { mse: { mean: values.reduce((a, b) => a + b) / values.length, std: 0, values } }, reported: {}, wallTimeSeconds: 1 });
    const columns = [{ id: 'etth1-96', label: 'ETTh1 96' }];
    const result = (cells: unknown[]) => ({ cells, columns, seeds: [0, 1], scale: 'small', backend: { name: 'wasm' }, machine: { cpu: 'a CPU' }, git: null }) as unknown as ResultFile;
    const partial = optionsTrackTable(result([cell('mamba', [0.4, 0.4]), cell('dlinear', [0.5])]));
    expect(partial).toContain('| ETTh1 96 | 0.400 ± 0.000 | 0.500 (1 of 2 seeds) | family (Mamba), so far |');
    const complete = optionsTrackTable(result([cell('mamba', [0.4, 0.4]), cell('dlinear', [0.5, 0.5])]));
    expect(complete).toContain('| ETTh1 96 | 0.400 ± 0.000 | 0.500 ± 0.000 | family (Mamba) |');
  });

  it('refuses a file without the markers', () => {
    expect(() => withTrackTables('# README\n', 'tables')).toThrow('the file has no <!-- forecast-tracks:begin');
  });
});
