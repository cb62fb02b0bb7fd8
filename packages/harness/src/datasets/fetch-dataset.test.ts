import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetEntry } from './dataset-entry.js';
import { dropFirstCsvColumn } from './drop-first-csv-column.js';
import { fetchDataset } from './fetch-dataset.js';

const CONTENT = 'x,y\n1,2\n';
const ENTRY: DatasetEntry = {
  name: 'Toy',
  aliases: [],
  file: 'toy/toy.csv',
  url: 'https://example.test/toy.csv',
  source: 'https://example.test',
  licence: 'CC0',
  md5: '344fd2323dd33d5c058b7cf27de029e8',
  sha256: '81bf9fa83c6f7f151bd491a98cd7d933de3965289e3ebd77c6c425f7eaa16392',
};
const bytes = (text: string) => new TextEncoder().encode(text);

let dataDir: string;
let lines: string[];
const log = (line: string) => lines.push(line);
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fetch-dataset-'));
  lines = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('fetchDataset', () => {
  it('downloads the entry url to its file under the data directory and prints its sha256', async () => {
    const urls: string[] = [];
    const fetched = await fetchDataset(ENTRY, dataDir, log, async (url) => {
      urls.push(url);
      return bytes(CONTENT);
    });
    const path = join(dataDir, 'toy', 'toy.csv');
    expect(fetched).toEqual({ path, status: 'downloaded' });
    expect(urls).toEqual([ENTRY.url]);
    expect(readFileSync(path, 'utf8')).toBe(CONTENT);
    expect(readdirSync(join(dataDir, 'toy'))).toEqual(['toy.csv']);
    expect(lines.join('\n')).toContain(`sha256 ${ENTRY.sha256}`);
  });

  it('does not write a download whose checksum differs, naming the url and both hashes', async () => {
    const fetching = fetchDataset({ ...ENTRY, md5: undefined }, dataDir, log, async () => bytes('x,y\n1,3\n'));
    await expect(fetching).rejects.toThrow(
      /^https:\/\/example\.test\/toy\.csv does not match dataset Toy: sha256 [0-9a-f]{64} \(expected 81bf9fa8[0-9a-f]{56}\); not written$/,
    );
    expect(existsSync(join(dataDir, 'toy'))).toBe(false);
  });

  it('keeps an existing file that matches, without downloading', async () => {
    mkdirSync(join(dataDir, 'toy'));
    writeFileSync(join(dataDir, 'toy', 'toy.csv'), CONTENT);
    const fetched = await fetchDataset(ENTRY, dataDir, log, () => {
      throw new Error('downloaded a file that was present');
    });
    expect(fetched.status).toBe('present');
    expect(lines).toEqual([`Toy: ${join(dataDir, 'toy', 'toy.csv')} exists, sha256 ${ENTRY.sha256}`]);
  });

  it('refuses to overwrite an existing file that differs', async () => {
    const path = join(dataDir, 'toy', 'toy.csv');
    mkdirSync(join(dataDir, 'toy'));
    writeFileSync(path, 'edited\n');
    const fetching = fetchDataset(ENTRY, dataDir, log, async () => bytes(CONTENT));
    await expect(fetching).rejects.toThrow(
      new RegExp(`^${path} does not match dataset Toy: md5 [0-9a-f]{32} \\(expected ${ENTRY.md5}\\), sha256 .*; refusing to overwrite it`),
    );
    expect(readFileSync(path, 'utf8')).toBe('edited\n');
  });

  it('writes what fromDownload makes of the download and checks that', async () => {
    const entry = { ...ENTRY, fromDownload: dropFirstCsvColumn('date') };
    await fetchDataset(entry, dataDir, log, async () => bytes('date,x,y\n2020-01-01,1,2\n'));
    expect(readFileSync(join(dataDir, 'toy', 'toy.csv'), 'utf8')).toBe(CONTENT);
  });

  it('names the url when fromDownload rejects the download', async () => {
    const entry = { ...ENTRY, fromDownload: dropFirstCsvColumn('date') };
    await expect(fetchDataset(entry, dataDir, log, async () => bytes(CONTENT))).rejects.toThrow(
      "https://example.test/toy.csv: expected a first column 'date', the header starts 'x'",
    );
  });
});

describe('fetchDataset without a download url', () => {
  it('fails with the manual download instructions, without downloading', async () => {
    const entry = { ...ENTRY, url: '', manualDownload: 'ask the authors for toy.zip and unzip it into toy/' };
    await expect(fetchDataset(entry, dataDir, log, () => Promise.reject(new Error('downloaded')))).rejects.toThrow(
      /^Toy has no direct download: ask the authors for toy\.zip and unzip it into toy\/$/,
    );
  });

  it('says where to put the file when the entry has no instructions', async () => {
    await expect(fetchDataset({ ...ENTRY, url: '' }, dataDir, log)).rejects.toThrow(
      `Toy has no direct download: put it at ${join(dataDir, 'toy', 'toy.csv')} yourself`,
    );
  });

  it('keeps a file put there by hand that matches', async () => {
    mkdirSync(join(dataDir, 'toy'));
    writeFileSync(join(dataDir, 'toy', 'toy.csv'), CONTENT);
    expect((await fetchDataset({ ...ENTRY, url: '' }, dataDir, log)).status).toBe('present');
  });
});
