import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvTable } from './csv-table.js';

const dir = mkdtempSync(join(tmpdir(), 'csv-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadCsvTable', () => {
  it('reads dates, column names and row-major values', () => {
    const path = csv('ok.csv', 'date,a,OT\n2016-07-01 00:00:00,1.5,-2\n1990/1/1 0:00,3,4e-1\n2002-01-01,.5,6\n');
    const table = loadCsvTable(path, {});
    expect(table.header).toEqual(['date', 'a', 'OT']);
    expect(table.columns).toEqual(['a', 'OT']);
    expect(table.rows).toBe(3);
    expect(Array.from(table.values)).toEqual([1.5, -2, 3, Math.fround(0.4), 0.5, 6]);
    expect(table.dates?.map((date) => date.toISOString())).toEqual([
      '2016-07-01T00:00:00.000Z',
      '1990-01-01T00:00:00.000Z',
      '2002-01-01T00:00:00.000Z',
    ]);
  });

  it('takes the date column wherever it is and by any name', () => {
    const path = csv('named.csv', 'a,when,OT\n1,2016-07-01,2\n');
    const table = loadCsvTable(path, { dateColumn: 'when' });
    expect(table.columns).toEqual(['a', 'OT']);
    expect(Array.from(table.values)).toEqual([1, 2]);
    expect(table.dates).toHaveLength(1);
  });

  it('reads a file without a date column when dateColumn is null', () => {
    const path = csv('nodate.csv', 'p (mbar),OT\n1008.89,428.1\n1008.76,428\n');
    const table = loadCsvTable(path, { dateColumn: null });
    expect(table.dates).toBeNull();
    expect(table.columns).toEqual(['p (mbar)', 'OT']);
    expect(table.values).toEqual(new Float32Array([1008.89, 428.1, 1008.76, 428]));
  });

  it('names the file when it is missing, empty or has no data rows', () => {
    const missing = join(dir, 'absent.csv');
    expect(() => loadCsvTable(missing, {})).toThrow(`${missing}: file not found`);
    const empty = csv('empty.csv', '');
    expect(() => loadCsvTable(empty, {})).toThrow(`${empty}: file is empty`);
    const headerOnly = csv('header.csv', 'date,OT\n');
    expect(() => loadCsvTable(headerOnly, {})).toThrow(`${headerOnly}: no data rows after the header`);
  });

  it('lists the header when the date column is missing', () => {
    const path = csv('nodatecol.csv', 'time,a,OT\n2016-07-01,1,2\n');
    expect(() => loadCsvTable(path, {})).toThrow(`${path}: no date column 'date' in header [time, a, OT]`);
  });

  it('names file, line and column of a non-numeric cell', () => {
    const path = csv('text.csv', 'date,a,OT\n2016-07-01,1,2\n\n2016-07-02,x,3\n');
    // Line 4: the blank line 3 still counts, as an editor would number it.
    expect(() => loadCsvTable(path, {})).toThrow(`${path}: row 4, column 'a': 'x' is not a number`);
    const blank = csv('blank.csv', 'date,a,OT\n2016-07-01,1,\n');
    expect(() => loadCsvTable(blank, {})).toThrow(`${blank}: row 2, column 'OT': '' is not a number`);
  });

  it('rejects ragged rows', () => {
    const path = csv('ragged.csv', 'date,a,OT\n2016-07-01,1,2\n2016-07-02,3\n');
    expect(() => loadCsvTable(path, {})).toThrow(`${path}: row 3 has 2 fields, the header has 3`);
  });

  it('names row and value of an unparseable date', () => {
    const path = csv('baddate.csv', 'date,OT\n2016-07-01,1\n2016-02-30,2\n');
    expect(() => loadCsvTable(path, {})).toThrow(`${path}: row 3, column 'date': '2016-02-30' is not a date`);
  });

  it('names the file on CSV syntax errors', () => {
    const path = csv('quote.csv', 'date,OT\n"2016-07-01,1\n');
    expect(() => loadCsvTable(path, {})).toThrow(new RegExp(`^${path}: .*quote`, 'i'));
  });
});
