import * as tf from '@tensorflow/tfjs';
import { loadCsvTable } from './csv-table.js';
import { StandardScaler } from './normalize.js';
import { splitBorders, type SplitKind } from './splits.js';
import { calendarColumns, calendarFreq, timeFeatures, type CalendarFeatures, type TimeFreq } from './time-features.js';

/** M: all channels in, all out. S: target in, target out. MS: all channels in, target out. */
export type Features = 'M' | 'S' | 'MS';

export type SplitName = 'train' | 'val' | 'test';

export interface ForecastDataSpec {
  path: string;
  kind: SplitKind;
  freq: TimeFreq;
  /** Target column; default 'OT'. */
  target?: string;
  features: Features;
  /** Default 'date'; null when the file has no date column (then there are no time marks). */
  dateColumn?: string | null;
  /** Default 'timeF' (every Time-Series-Library column for freq). */
  calendar?: CalendarFeatures;
}

export interface ForecastSplit {
  name: SplitName;
  /** Normalised values, row-major [rows, channels]; the target channel is last. */
  values: Float32Array;
  /** Time features, row-major [rows, markChannels], or null when the file has no dates. */
  marks: Float32Array | null;
  markChannels: number;
  /** First row of this split in the file (the lookback rows included). */
  start: number;
  rows: number;
  /** Input channels: all columns for M and MS, 1 for S. */
  channels: number;
  /** Predicted channels, always the last ones: all for M, 1 for S and MS. */
  targetChannels: number;
  seqLen: number;
  predLen: number;
  /** rows - seqLen - predLen + 1. */
  windowCount: number;
}

export interface ForecastData {
  train: ForecastSplit;
  val: ForecastSplit;
  test: ForecastSplit;
  /** Fitted on the training rows of the channels in `columns`. */
  scaler: StandardScaler;
  /** Channel names in split order: [others..., target] for M and MS, [target] for S. */
  columns: string[];
}

export interface ForecastWindow {
  /** [seqLen, channels] */
  x: Float32Array;
  /** [predLen, targetChannels] */
  y: Float32Array;
  /** [seqLen, markChannels] or null */
  xMark: Float32Array | null;
  /** [predLen, markChannels], the prediction window's marks, or null */
  yMark: Float32Array | null;
}

export interface ForecastBatch {
  x: tf.Tensor3D;
  y: tf.Tensor3D;
  xMark: tf.Tensor3D | null;
  yMark: tf.Tensor3D | null;
}

const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

/**
 * Loads a benchmark CSV into normalised train/val/test splits following Time-Series-Library's
 * Dataset_ETT_hour / Dataset_ETT_minute / Dataset_Custom: target column moved last, scaler fitted on
 * the training rows, validation and test reaching `seqLen` rows back into the previous split.
 */
export function loadForecastData(spec: ForecastDataSpec, seqLen: number, predLen: number): ForecastData {
  const { path, features } = spec;
  const target = spec.target ?? 'OT';
  if (!Number.isInteger(seqLen) || seqLen < 1 || !Number.isInteger(predLen) || predLen < 1) {
    throw new Error(`${path}: seqLen and predLen must be positive integers, got ${seqLen} and ${predLen}`);
  }
  const table = loadCsvTable(path, { dateColumn: spec.dateColumn === undefined ? 'date' : spec.dateColumn });
  const targetIndex = table.columns.indexOf(target);
  if (targetIndex < 0) {
    throw new Error(`${path}: no target column '${target}' in header [${table.header.join(', ')}]`);
  }
  const order =
    features === 'S'
      ? [targetIndex]
      : [...table.columns.keys()].filter((index) => index !== targetIndex).concat(targetIndex);
  const channels = order.length;
  const selected = selectColumns(table.values, table.rows, table.columns.length, order);

  const borders = withPath(path, () => splitBorders(spec.kind, table.rows, seqLen));
  const scaler = StandardScaler.fit(selected, table.rows, channels, borders.train);
  const values = scaler.transform(selected);
  const calendar = spec.calendar ?? 'timeF';
  const markFreq = calendarFreq(spec.freq, calendar);
  const columns = table.dates ? calendarColumns(markFreq, calendar, trainSpanDays(table.dates, borders.train)) : [];
  const marks = table.dates && columns.length > 0 ? timeFeatures(table.dates, markFreq, columns) : null;
  const markChannels = columns.length;
  const targetChannels = features === 'M' ? channels : 1;

  const makeSplit = (name: SplitName): ForecastSplit => {
    const [start, end] = borders[name];
    const rows = end - start;
    if (rows < seqLen + predLen) {
      throw new Error(
        `${path}: the ${name} split has ${rows} rows, one window needs seqLen + predLen = ${seqLen + predLen}`,
      );
    }
    return {
      name,
      values: values.slice(start * channels, end * channels),
      marks: marks ? marks.slice(start * markChannels, end * markChannels) : null,
      markChannels,
      start,
      rows,
      channels,
      targetChannels,
      seqLen,
      predLen,
      windowCount: rows - seqLen - predLen + 1,
    };
  };
  const [train, val, test] = SPLIT_NAMES.map(makeSplit) as [ForecastSplit, ForecastSplit, ForecastSplit];
  return { train, val, test, scaler, columns: order.map((index) => table.columns[index]!) };
}

/** Window i: input rows [i, i + seqLen), target rows [i + seqLen, i + seqLen + predLen). */
export function window(split: ForecastSplit, i: number): ForecastWindow {
  checkWindowIndex(split, i);
  const { seqLen, predLen, channels, targetChannels, markChannels, marks } = split;
  const x = new Float32Array(seqLen * channels);
  const y = new Float32Array(predLen * targetChannels);
  copyRows(split.values, channels, i, seqLen, channels, x, 0);
  copyRows(split.values, channels, i + seqLen, predLen, targetChannels, y, 0);
  if (!marks) return { x, y, xMark: null, yMark: null };
  const xMark = new Float32Array(seqLen * markChannels);
  const yMark = new Float32Array(predLen * markChannels);
  copyRows(marks, markChannels, i, seqLen, markChannels, xMark, 0);
  copyRows(marks, markChannels, i + seqLen, predLen, markChannels, yMark, 0);
  return { x, y, xMark, yMark };
}

/** Stacks the windows at `indices` into tensors [batch, seqLen | predLen, channels]. */
export function batchTensors(split: ForecastSplit, indices: readonly number[]): ForecastBatch {
  if (indices.length === 0) throw new Error(`${split.name} split: a batch needs at least one window index`);
  const { seqLen, predLen, channels, targetChannels, markChannels, marks } = split;
  const batch = indices.length;
  const x = new Float32Array(batch * seqLen * channels);
  const y = new Float32Array(batch * predLen * targetChannels);
  const xMark = marks ? new Float32Array(batch * seqLen * markChannels) : null;
  const yMark = marks ? new Float32Array(batch * predLen * markChannels) : null;
  indices.forEach((i, b) => {
    checkWindowIndex(split, i);
    copyRows(split.values, channels, i, seqLen, channels, x, b * seqLen * channels);
    copyRows(split.values, channels, i + seqLen, predLen, targetChannels, y, b * predLen * targetChannels);
    if (marks && xMark && yMark) {
      copyRows(marks, markChannels, i, seqLen, markChannels, xMark, b * seqLen * markChannels);
      copyRows(marks, markChannels, i + seqLen, predLen, markChannels, yMark, b * predLen * markChannels);
    }
  });
  return {
    x: tf.tensor3d(x, [batch, seqLen, channels]),
    y: tf.tensor3d(y, [batch, predLen, targetChannels]),
    xMark: xMark ? tf.tensor3d(xMark, [batch, seqLen, markChannels]) : null,
    yMark: yMark ? tf.tensor3d(yMark, [batch, predLen, markChannels]) : null,
  };
}

function checkWindowIndex(split: ForecastSplit, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= split.windowCount) {
    throw new Error(`${split.name} split: window ${i} is outside 0..${split.windowCount - 1}`);
  }
}

/** Copies `rowCount` rows from `startRow`, keeping each row's last `keep` of `width` columns. */
function copyRows(
  source: Float32Array,
  width: number,
  startRow: number,
  rowCount: number,
  keep: number,
  out: Float32Array,
  offset: number,
): void {
  for (let row = 0; row < rowCount; row += 1) {
    const rowEnd = (startRow + row + 1) * width;
    out.set(source.subarray(rowEnd - keep, rowEnd), offset + row * keep);
  }
}

function selectColumns(values: Float32Array, rows: number, width: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(rows * order.length);
  for (let row = 0; row < rows; row += 1) {
    order.forEach((column, k) => {
      out[row * order.length + k] = values[row * width + column]!;
    });
  }
  return out;
}

function withPath<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Days from the first to the last training row. */
function trainSpanDays(dates: readonly Date[], [start, end]: readonly [number, number]): number {
  return ((dates[end - 1] as Date).getTime() - (dates[start] as Date).getTime()) / 86_400_000;
}
