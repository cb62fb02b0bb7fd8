import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvTable } from './csv-table.js';
import { writeSyntheticCsv } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSyntheticCsv', () => {
  it('writes the same bytes for the same seed and different ones for another seed', () => {
    const options = { rows: 200, channels: 3, freq: 'h', seed: 7 } as const;
    writeSyntheticCsv(join(dir, 'a.csv'), options);
    writeSyntheticCsv(join(dir, 'b.csv'), options);
    writeSyntheticCsv(join(dir, 'c.csv'), { ...options, seed: 8 });
    const a = readFileSync(join(dir, 'a.csv'));
    expect(a.equals(readFileSync(join(dir, 'b.csv')))).toBe(true);
    expect(a.equals(readFileSync(join(dir, 'c.csv')))).toBe(false);
  });

  it('writes an ETT-format file that the loader reads back as the returned values', () => {
    const path = join(dir, 'ett.csv');
    const series = writeSyntheticCsv(path, { rows: 48, channels: 3, freq: 'h', seed: 1 });
    expect(readFileSync(path, 'utf8').split('\n').slice(0, 2)[0]).toBe('date,c0,c1,OT');
    const table = loadCsvTable(path, {});
    expect(table.columns).toEqual(series.columns);
    expect(table.values).toEqual(series.values);
    expect(table.dates?.[0]?.toISOString()).toBe('2016-07-01T00:00:00.000Z');
    expect(table.dates?.[47]?.toISOString()).toBe('2016-07-02T23:00:00.000Z');
  });

  it('returns the noise-free series: seasonality plus trend, noise of the requested size', () => {
    const rows = 2000;
    const channels = 2;
    const series = writeSyntheticCsv(join(dir, 'noise.csv'), { rows, channels, freq: 'h', seed: 3, noiseStd: 0.5 });
    // Channel 1 at row 0: level 1, both sines at phase pi, no trend yet.
    expect(series.clean[1]).toBeCloseTo(1 + Math.sin(Math.PI) + 0.5 * Math.sin(Math.PI), 12);
    // Row 24 of channel 0: one full day, weekly sine at 24/168 of its period, trend 0.001 * 24.
    expect(series.clean[24 * channels]).toBeCloseTo(Math.sin(2 * Math.PI) + 0.5 * Math.sin((2 * Math.PI) / 7) + 0.024, 12);
    const residuals = Array.from(series.values, (value, i) => value - series.clean[i]!);
    const mean = residuals.reduce((sum, r) => sum + r, 0) / residuals.length;
    const std = Math.sqrt(residuals.reduce((sum, r) => sum + (r - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
  });

  it('writes the clean series when the noise is zero', () => {
    const series = writeSyntheticCsv(join(dir, 'clean.csv'), { rows: 30, channels: 2, freq: 'h', seed: 0, noiseStd: 0 });
    series.values.forEach((value, i) => expect(value).toBeCloseTo(series.clean[i]!, 5));
  });
});
