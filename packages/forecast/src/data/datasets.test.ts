import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, resolveDataset } from './datasets.js';

const dir = mkdtempSync(join(tmpdir(), 'datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dataset registry', () => {
  it('lists the benchmark sets with their channel counts and split kinds', () => {
    expect(DATASETS.map((entry) => [entry.name, entry.kind, entry.freq, entry.channels])).toEqual([
      ['ETTh1', 'etth', 'h', 7],
      ['ETTh2', 'etth', 'h', 7],
      ['ETTm1', 'ettm', 't', 7],
      ['ETTm2', 'ettm', 't', 7],
      ['Exchange', 'ratio', 'd', 8],
      ['Weather', 'ratio', 't', 21],
      ['ILI', 'ratio', 'w', 7],
      ['Electricity', 'ratio', 'h', 321],
    ]);
    expect(DATASETS.filter((entry) => entry.dateColumn === null).map((entry) => entry.name)).toEqual(['Weather']);
  });

  it('fetches Weather without its date column, the file the loaders expect', () => {
    const weather = DATASETS.find((entry) => entry.name === 'Weather');
    const file = weather?.fromDownload?.(new TextEncoder().encode('date,p (mbar),OT\n2020-01-01 00:10:00,1008.9,428.1\n'));
    expect(new TextDecoder().decode(file)).toBe('p (mbar),OT\n1008.9,428.1\n');
  });

  it('resolves a name or alias, in any case, to the absolute path under the data directory', () => {
    mkdirSync(join(dir, 'electricity'));
    writeFileSync(join(dir, 'electricity', 'electricity.csv'), 'date,OT\n');
    const resolved = resolveDataset('ecl', dir);
    expect(resolved.name).toBe('Electricity');
    expect(resolved.path).toBe(join(dir, 'electricity', 'electricity.csv'));
  });

  it('lists the known names for an unknown one and says how to fetch a missing file', () => {
    expect(() => resolveDataset('traffic', dir)).toThrow(
      "unknown dataset 'traffic'; known: ETTh1, ETTh2, ETTm1, ETTm2, Exchange, Weather, ILI, Electricity",
    );
    expect(() => resolveDataset('ETTh1', dir)).toThrow(
      `dataset ETTh1 not found at ${join(dir, 'ett', 'ETTh1.csv')}; run \`pnpm hybridssm forecast fetch ETTh1\` or pass --data-dir`,
    );
  });
});
