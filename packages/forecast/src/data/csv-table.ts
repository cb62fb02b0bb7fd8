import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseDateUtc } from './parse-date.js';

export interface CsvTableOptions {
  /** Name of the date column; default 'date'. null means the file has no date column (weather_nodate.csv). */
  dateColumn?: string | null;
}

export interface CsvTable {
  /** The header as written in the file, date column included. */
  header: string[];
  /** One UTC date per row, or null when the file has no date column. */
  dates: Date[] | null;
  /** The value columns: the header without the date column, in file order. */
  columns: string[];
  /** Row-major [rows, columns.length]. */
  values: Float32Array;
  rows: number;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

// A plain decimal or exponent number; Number() alone would also accept '', '0x1F' and 'Infinity'.
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads a numeric CSV with an optional date column, as the forecasting benchmarks store them. */
export function loadCsvTable(path: string, options: CsvTableOptions = {}): CsvTable {
  const dateColumn = options.dateColumn === undefined ? 'date' : options.dateColumn;
  const records = parseRecords(path, readText(path));
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) throw new Error(`${path}: file is empty`);
  const header = headerRecord.record;
  if (dataRecords.length === 0) throw new Error(`${path}: no data rows after the header`);

  const dateIndex = dateColumn === null ? -1 : header.indexOf(dateColumn);
  if (dateColumn !== null && dateIndex < 0) {
    throw new Error(`${path}: no date column '${dateColumn}' in header [${header.join(', ')}]`);
  }
  const columns = header.filter((_, index) => index !== dateIndex);
  const rows = dataRecords.length;
  const values = new Float32Array(rows * columns.length);
  const dates: Date[] | null = dateIndex < 0 ? null : [];

  dataRecords.forEach(({ record, info }, row) => {
    const line = info.lines;
    if (record.length !== header.length) {
      throw new Error(`${path}: row ${line} has ${record.length} fields, the header has ${header.length}`);
    }
    let column = 0;
    record.forEach((cell, index) => {
      if (index === dateIndex) {
        const date = parseDateUtc(cell);
        if (!date) throw new Error(`${path}: row ${line}, column '${dateColumn}': '${cell}' is not a date`);
        dates?.push(date);
        return;
      }
      if (!NUMBER_PATTERN.test(cell)) {
        throw new Error(`${path}: row ${line}, column '${header[index]}': '${cell}' is not a number`);
      }
      values[row * columns.length + column] = Number(cell);
      column += 1;
    });
  });
  return { header, dates, columns, values, rows };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${path}: file not found`);
    throw error;
  }
}

/** csv-parse's types do not know that `info: true` wraps each record; this checks what it returns. */
function isParsedRecords(value: unknown): value is ParsedRecord[] {
  return Array.isArray(value) && value.every((r: Partial<ParsedRecord>) => Array.isArray(r.record) && typeof r.info?.lines === 'number');
}

function parseRecords(path: string, text: string): ParsedRecord[] {
  let parsed: unknown;
  try {
    // info: true gives each record its line number; column counts are checked by the caller for a clearer message.
    parsed = parse(text, { info: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  if (!isParsedRecords(parsed)) throw new Error(`${path}: the CSV parser returned records without line numbers`);
  return parsed;
}
