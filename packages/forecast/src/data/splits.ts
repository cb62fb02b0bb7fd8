/** How a benchmark is cut in time: fixed ETT month counts, or 70/10/20 ratios for the custom sets. */
export type SplitKind = 'etth' | 'ettm' | 'ratio';

/** Half-open row range [start, end) of one split, lookback rows included. */
export type RowRange = [start: number, end: number];

export interface SplitBorders {
  train: RowRange;
  val: RowRange;
  test: RowRange;
}

/** Rows that belong to each split, before any lookback is added. */
export interface SplitSizes {
  train: number;
  val: number;
  test: number;
}

const HOURS_PER_MONTH = 30 * 24;

/** ETT hourly: 12 / 4 / 4 months of 30 days (8640 / 2880 / 2880 rows); later rows are unused. */
export function etthSizes(): SplitSizes {
  return { train: 12 * HOURS_PER_MONTH, val: 4 * HOURS_PER_MONTH, test: 4 * HOURS_PER_MONTH };
}

/** ETT 15-minute: the same months at four rows per hour. */
export function ettmSizes(): SplitSizes {
  const hourly = etthSizes();
  return { train: hourly.train * 4, val: hourly.val * 4, test: hourly.test * 4 };
}

/** Custom sets (Time-Series-Library Dataset_Custom): train and test truncate, validation takes the remainder. */
export function ratioSizes(rows: number, trainRatio = 0.7, testRatio = 0.2): SplitSizes {
  const train = Math.floor(rows * trainRatio);
  const test = Math.floor(rows * testRatio);
  return { train, val: rows - train - test, test };
}

/**
 * Row ranges of the three splits as Time-Series-Library cuts them: validation and test windows start
 * `seqLen` rows before their split so that the first target row is the split's first row.
 */
export function splitBorders(kind: SplitKind, rows: number, seqLen: number): SplitBorders {
  const sizes = kind === 'etth' ? etthSizes() : kind === 'ettm' ? ettmSizes() : ratioSizes(rows);
  const trainEnd = sizes.train;
  const valEnd = trainEnd + sizes.val;
  const testEnd = valEnd + sizes.test;
  if (testEnd > rows) {
    throw new Error(`${kind} splits need ${testEnd} rows (${sizes.train}/${sizes.val}/${sizes.test}), the data has ${rows}`);
  }
  if (trainEnd - seqLen < 0) {
    throw new Error(`${kind} split: the training split has ${trainEnd} rows, fewer than seqLen ${seqLen}`);
  }
  return {
    train: [0, trainEnd],
    val: [trainEnd - seqLen, valEnd],
    test: [valEnd - seqLen, testEnd],
  };
}
