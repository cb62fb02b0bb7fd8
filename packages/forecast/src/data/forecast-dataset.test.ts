import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvTable } from './csv-table.js';
import { resolveDataset } from './datasets.js';
import { batchTensors, loadForecastData, window, type ForecastData, type ForecastDataSpec } from './forecast-dataset.js';
import { writeSyntheticCsv } from './synthetic.js';
import { timeFeatures } from './time-features.js';

const dir = mkdtempSync(join(tmpdir(), 'forecast-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Ten hourly rows with the target first in the file: OT = r², a = r, b = 5 (constant).
// Ratio splits of 10 rows: train 7, val 1, test 2; with seqLen 2: train [0,7), val [5,8), test [6,10).
// Training statistics (rows 0..6): a mean 3, std 2; b mean 5, std 1 (constant); OT mean 13, std sqrt(156).
const tiny = join(dir, 'tiny.csv');
const dates = Array.from({ length: 10 }, (_, r) => new Date(Date.UTC(2016, 6, 1, r)));
writeFileSync(
  tiny,
  ['date,OT,a,b', ...dates.map((date, r) => `${date.toISOString().slice(0, 19).replace('T', ' ')},${r * r},${r},5`)].join('\n'),
);
const OT_STD = Math.sqrt(156);
const a = (r: number) => (r - 3) / 2;
const ot = (r: number) => (r * r - 13) / OT_STD;
const tinySpec = (features: ForecastDataSpec['features']): ForecastDataSpec => ({ path: tiny, kind: 'ratio', freq: 'h', features });

/** [start, end, windowCount] of each split, in file rows. */
function borders(data: ForecastData): number[][] {
  return [data.train, data.val, data.test].map((split) => [split.start, split.start + split.rows, split.windowCount]);
}

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i], `element ${i}`).toBeCloseTo(value, 5));
}

describe('loadForecastData on a hand-written file', () => {
  it('M: all channels in and out, target moved last, scaler fitted on training rows only', () => {
    const data = loadForecastData(tinySpec('M'), 2, 1);
    expect(data.columns).toEqual(['a', 'b', 'OT']);
    expectClose(data.scaler.mean, [3, 5, 13]);
    expectClose(data.scaler.std, [2, 1, OT_STD]);
    expect([data.train.channels, data.train.targetChannels, data.train.markChannels]).toEqual([3, 3, 4]);
    expectClose(data.train.values.subarray(0, 3), [a(0), 0, ot(0)]);
    // The validation split starts seqLen rows back, at row 5, and uses the training statistics.
    expect([data.val.start, data.val.rows, data.val.windowCount]).toEqual([5, 3, 1]);
    expectClose(data.val.values.subarray(6, 9), [a(7), 0, ot(7)]);
    expect([data.test.start, data.test.rows, data.test.windowCount]).toEqual([6, 4, 2]);
  });

  it('S: the target alone, in and out', () => {
    const data = loadForecastData(tinySpec('S'), 2, 1);
    expect(data.columns).toEqual(['OT']);
    expect([data.train.channels, data.train.targetChannels]).toEqual([1, 1]);
    expectClose(data.train.values, [0, 1, 2, 3, 4, 5, 6].map(ot));
  });

  it('MS: all channels in, the last (target) channel out', () => {
    const data = loadForecastData(tinySpec('MS'), 2, 1);
    expect(data.columns).toEqual(['a', 'b', 'OT']);
    expect([data.test.channels, data.test.targetChannels]).toEqual([3, 1]);
    const { y } = window(data.test, 1);
    expectClose(y, [ot(9)]);
  });

  it('cuts windows: x = rows [i, i + seqLen), y = the next predLen rows, marks alongside', () => {
    const data = loadForecastData(tinySpec('M'), 2, 1);
    // Test window 1 covers file rows 7, 8 (input) and 9 (target).
    const w = window(data.test, 1);
    expectClose(w.x, [a(7), 0, ot(7), a(8), 0, ot(8)]);
    expectClose(w.y, [a(9), 0, ot(9)]);
    expect(w.xMark).toEqual(timeFeatures(dates.slice(7, 9), 'h'));
    expect(w.yMark).toEqual(timeFeatures(dates.slice(9, 10), 'h'));
    expectClose(window(loadForecastData(tinySpec('S'), 2, 1).test, 1).x, [ot(7), ot(8)]);
    expect(() => window(data.test, 2)).toThrow('test split: window 2 is outside 0..1');
  });

  it("calendar 'recurring' keeps the marks whose period the training rows span twice", () => {
    // 7 training hours (6 h apart end to end): not even one day, so no calendar column recurs
    const data = loadForecastData({ ...tinySpec('M'), calendar: 'recurring' }, 2, 1);
    expect([data.train.markChannels, data.train.marks]).toEqual([0, null]);
    expect(window(data.test, 1).xMark).toBeNull();
  });

  it("calendar 'timeF-hourly' gives daily rows the hourly marks: a constant hour of day, then the daily columns", () => {
    const path = join(dir, 'daily.csv');
    const days = Array.from({ length: 20 }, (_, r) => new Date(Date.UTC(1990, 0, 1 + r)));
    writeFileSync(path, ['date,OT', ...days.map((day, r) => `${day.toISOString().slice(0, 10)} 00:00,${r}`)].join('\n'));
    const spec: ForecastDataSpec = { path, kind: 'ratio', freq: 'd', features: 'M' };
    const daily = loadForecastData(spec, 2, 1);
    const hourly = loadForecastData({ ...spec, calendar: 'timeF-hourly' }, 2, 1);
    expect([daily.train.markChannels, hourly.train.markChannels]).toEqual([3, 4]);
    expect(daily.train.marks).toEqual(timeFeatures(days.slice(0, 14), 'd'));
    expect(hourly.train.marks).toEqual(timeFeatures(days.slice(0, 14), 'h'));
    const rows = Array.from({ length: 14 }, (_, r) => Array.from((hourly.train.marks as Float32Array).subarray(r * 4, r * 4 + 4)));
    expect(rows.map((row) => row[0])).toEqual(Array(14).fill(-0.5));
    expect(rows.flatMap((row) => row.slice(1))).toEqual(Array.from(daily.train.marks as Float32Array));
  });

  it('stacks windows into tensors in the order of the indices', () => {
    const data = loadForecastData(tinySpec('MS'), 2, 1);
    const batch = batchTensors(data.test, [1, 0]);
    try {
      expect(batch.x.shape).toEqual([2, 2, 3]);
      expect(batch.y.shape).toEqual([2, 1, 1]);
      expect(batch.xMark?.shape).toEqual([2, 2, 4]);
      expect(batch.yMark?.shape).toEqual([2, 1, 4]);
      const [first, second] = [window(data.test, 1), window(data.test, 0)];
      expect(batch.x.dataSync()).toEqual(new Float32Array([...first.x, ...second.x]));
      expect(batch.y.dataSync()).toEqual(new Float32Array([...first.y, ...second.y]));
      expect(batch.yMark?.dataSync()).toEqual(new Float32Array([...first.yMark!, ...second.yMark!]));
    } finally {
      [batch.x, batch.y, batch.xMark, batch.yMark].forEach((tensor) => tensor?.dispose());
    }
    expect(() => batchTensors(data.test, [0, 5])).toThrow('test split: window 5 is outside 0..1');
  });

  it('has no marks for a file without a date column', () => {
    const path = join(dir, 'nodate.csv');
    writeFileSync(path, ['a,OT', ...Array.from({ length: 10 }, (_, r) => `${r},${r * r}`)].join('\n'));
    const data = loadForecastData({ path, kind: 'ratio', freq: 't', features: 'M', dateColumn: null }, 2, 1);
    expect([data.train.marks, data.train.markChannels]).toEqual([null, 0]);
    expect(window(data.test, 0).xMark).toBeNull();
    const batch = batchTensors(data.test, [0]);
    expect([batch.xMark, batch.yMark]).toEqual([null, null]);
    batch.x.dispose();
    batch.y.dispose();
  });

  it('names the file and header when the target is missing', () => {
    expect(() => loadForecastData({ ...tinySpec('M'), target: 'load' }, 2, 1)).toThrow(
      `${tiny}: no target column 'load' in header [date, OT, a, b]`,
    );
  });

  it('names file, split, rows and rows needed when a split is too short for one window', () => {
    expect(() => loadForecastData(tinySpec('M'), 2, 3)).toThrow(
      `${tiny}: the val split has 3 rows, one window needs seqLen + predLen = 5`,
    );
    expect(() => loadForecastData({ ...tinySpec('M'), kind: 'etth' }, 2, 1)).toThrow(
      `${tiny}: etth splits need 14400 rows (8640/2880/2880), the data has 10`,
    );
    expect(() => loadForecastData(tinySpec('M'), 0, 1)).toThrow('seqLen and predLen must be positive integers');
  });
});

describe('split borders on generated files', () => {
  it('etth: 12/4/4 months, windows reaching seqLen back; statistics from the first 8640 rows', () => {
    const path = join(dir, 'etth.csv');
    const series = writeSyntheticCsv(path, { rows: 14500, channels: 2, freq: 'h', seed: 11 });
    const data = loadForecastData({ path, kind: 'etth', freq: 'h', features: 'M' }, 96, 24);
    expect(borders(data)).toEqual([
      [0, 8640, 8640 - 96 - 24 + 1],
      [8544, 11520, 2976 - 96 - 24 + 1],
      [11424, 14400, 2976 - 96 - 24 + 1],
    ]);
    for (let c = 0; c < 2; c += 1) {
      let sum = 0;
      for (let r = 0; r < 8640; r += 1) sum += series.values[r * 2 + c]!;
      const mean = sum / 8640;
      let squares = 0;
      for (let r = 0; r < 8640; r += 1) squares += (series.values[r * 2 + c]! - mean) ** 2;
      expect(data.scaler.mean[c]).toBeCloseTo(mean, 6);
      expect(data.scaler.std[c]).toBeCloseTo(Math.sqrt(squares / 8640), 6);
      expect(data.test.values[c]).toBeCloseTo((series.values[11424 * 2 + c]! - mean) / Math.sqrt(squares / 8640), 4);
    }
  });

  it('ettm: the same months at four rows an hour', () => {
    const path = join(dir, 'ettm.csv');
    writeSyntheticCsv(path, { rows: 57600, channels: 1, freq: 'h', seed: 12 });
    const data = loadForecastData({ path, kind: 'ettm', freq: 't', features: 'S' }, 96, 96);
    expect(borders(data)).toEqual([
      [0, 34560, 34560 - 191],
      [34464, 46080, 11616 - 191],
      [45984, 57600, 11616 - 191],
    ]);
  });

  it('ratio: 70/10/20 of 100 rows with seqLen 10', () => {
    const path = join(dir, 'ratio.csv');
    writeSyntheticCsv(path, { rows: 100, channels: 3, freq: 'h', seed: 13 });
    const data = loadForecastData({ path, kind: 'ratio', freq: 'h', features: 'MS' }, 10, 5);
    expect(borders(data)).toEqual([
      [0, 70, 56],
      [60, 80, 6],
      [70, 100, 16],
    ]);
  });
});

const SHARED = '/work/shared/datasets';
describe('real ETTh1', () => {
  it.skipIf(!existsSync(join(SHARED, 'ett', 'ETTh1.csv')))('has 17420 rows of 7 channels and the 8640/2880/2880 splits', () => {
    const dataset = resolveDataset('ETTh1', SHARED);
    const table = loadCsvTable(dataset.path, {});
    expect([table.rows, table.columns.length]).toEqual([17420, 7]);
    const data = loadForecastData({ ...dataset, features: 'M' }, 96, 96);
    expect(data.columns).toEqual(['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT']);
    // Time-Series-Library: len = rows - seq_len - pred_len + 1 on [0, 8640), [8544, 11520), [11424, 14400).
    expect(borders(data)).toEqual([
      [0, 8640, 8449],
      [8544, 11520, 2785],
      [11424, 14400, 2785],
    ]);
  });
});
