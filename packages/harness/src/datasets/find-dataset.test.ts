import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetEntry } from './dataset-entry.js';
import { findDataset, resolveDatasetFile } from './find-dataset.js';

interface TimeSeriesEntry extends DatasetEntry {
  channels: number;
}

const entry = (name: string, aliases: string[], file: string): TimeSeriesEntry => ({
  name,
  aliases,
  file,
  url: `https://example.test/${file}`,
  source: 'https://example.test',
  licence: 'CC0',
  channels: 7,
});
const ENTRIES = [entry('ETTh1', [], 'ett/ETTh1.csv'), entry('Electricity', ['ECL'], 'electricity/electricity.csv')];

const dir = mkdtempSync(join(tmpdir(), 'find-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findDataset', () => {
  it('finds an entry by name or alias in any case, keeping the domain fields', () => {
    expect(findDataset(ENTRIES, 'etth1').name).toBe('ETTh1');
    const found = findDataset(ENTRIES, 'ecl');
    expect(found.name).toBe('Electricity');
    expect(found.channels).toBe(7);
  });

  it('lists the known names for an unknown one', () => {
    expect(() => findDataset(ENTRIES, 'traffic')).toThrow("unknown dataset 'traffic'; known: ETTh1, Electricity");
  });
});

describe('resolveDatasetFile', () => {
  it('adds the absolute path of an existing file under the data directory', () => {
    mkdirSync(join(dir, 'electricity'));
    writeFileSync(join(dir, 'electricity', 'electricity.csv'), 'date,OT\n');
    const resolved = resolveDatasetFile(ENTRIES, 'ECL', dir, 'pnpm hybridssm forecast fetch');
    expect(resolved).toMatchObject({ name: 'Electricity', channels: 7 });
    expect(resolved.path).toBe(join(dir, 'electricity', 'electricity.csv'));
  });

  it('says where the file was looked for and how to fetch it, by the entry name', () => {
    expect(() => resolveDatasetFile(ENTRIES, 'etth1', dir, 'pnpm hybridssm forecast fetch')).toThrow(
      `dataset ETTh1 not found at ${join(dir, 'ett', 'ETTh1.csv')}; run \`pnpm hybridssm forecast fetch ETTh1\` or pass --data-dir`,
    );
  });
});
