import { writeFileSync } from 'node:fs';

export interface SyntheticCsvOptions {
  rows: number;
  /** Value columns: `c0 … c{channels-2}` then `OT`. */
  channels: number;
  /** Hourly rows, like ETTh. */
  freq: 'h';
  seed: number;
  /** First date; default 2016-07-01 00:00 UTC (the ETT start). */
  start?: Date;
  /** Standard deviation of the Gaussian noise; default 0.1. */
  noiseStd?: number;
}

export interface SyntheticSeries {
  /** The value column names, without the date. */
  columns: string[];
  dates: Date[];
  /** What the file holds, as the loader reads it back: row-major [rows, channels]. */
  values: Float32Array;
  /** The same series without noise: row-major [rows, channels]. */
  clean: Float64Array;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_ROWS = 24;
const WEEK_ROWS = 7 * 24;
const DECIMALS = 6;

/**
 * Writes an ETT-format CSV (`date,c0,…,OT`) whose channels are daily and weekly sines with a
 * channel-specific phase, a linear trend and seeded Gaussian noise; the same seed gives the same bytes.
 */
export function writeSyntheticCsv(path: string, options: SyntheticCsvOptions): SyntheticSeries {
  const { rows, channels, seed } = options;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(channels) || channels < 1) {
    throw new Error(`writeSyntheticCsv: rows and channels must be positive integers, got ${rows} and ${channels}`);
  }
  const start = options.start ?? new Date(Date.UTC(2016, 6, 1));
  const noiseStd = options.noiseStd ?? 0.1;
  const normal = gaussian(mulberry32(seed));
  const columns = Array.from({ length: channels }, (_, c) => (c === channels - 1 ? 'OT' : `c${c}`));
  const dates: Date[] = [];
  const values = new Float32Array(rows * channels);
  const clean = new Float64Array(rows * channels);
  const lines = [['date', ...columns].join(',')];

  for (let row = 0; row < rows; row += 1) {
    const date = new Date(start.getTime() + row * HOUR_MS);
    dates.push(date);
    const cells = [formatDate(date)];
    for (let c = 0; c < channels; c += 1) {
      const phase = (2 * Math.PI * c) / channels;
      const signal =
        c +
        Math.sin((2 * Math.PI * row) / DAY_ROWS + phase) +
        0.5 * Math.sin((2 * Math.PI * row) / WEEK_ROWS + phase) +
        0.001 * (c + 1) * row;
      const text = (signal + noiseStd * normal()).toFixed(DECIMALS);
      clean[row * channels + c] = signal;
      values[row * channels + c] = Number(text);
      cells.push(text);
    }
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { columns, dates, values, clean };
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by the Box-Muller transform. */
function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // in (0, 1], so the logarithm is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** `2016-07-01 00:00:00`, the ETT date format, in UTC. */
function formatDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
