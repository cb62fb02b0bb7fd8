import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetEntry } from './dataset-entry.js';
import { fetchDataset } from './fetch-dataset.js';

/** A stand-in archive: lines `path=content`, one file each; `unpack` fails on a line without '='. */
const ARCHIVE = 'a.txt=alpha\nsub/b.txt=beta\n';
const bytes = (text: string) => new TextEncoder().encode(text);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function unpackLines(downloaded: Uint8Array, targetDir: string): void {
  for (const line of new TextDecoder().decode(downloaded).split('\n').filter((text) => text !== '')) {
    const [path, content] = line.split('=');
    if (content === undefined) throw new Error(`archive line '${line}' has no '='`);
    mkdirSync(dirname(join(targetDir, path!)), { recursive: true });
    writeFileSync(join(targetDir, path!), content);
  }
}

const ENTRY: DatasetEntry = {
  name: 'Shapes',
  aliases: [],
  file: 'shapes',
  url: 'https://example.test/shapes.zip',
  source: 'https://example.test',
  licence: 'CC0',
  sha256: sha256(ARCHIVE),
  unpack: unpackLines,
};

let dataDir: string;
let lines: string[];
const log = (line: string) => lines.push(line);
const notDownloaded = () => Promise.reject(new Error('downloaded a dataset that was present'));
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fetch-dataset-folder-'));
  lines = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('fetchDataset of a folder entry (unpack)', () => {
  it('unpacks the download into the folder, checking the archive checksum, and leaves nothing else', async () => {
    const fetched = await fetchDataset(ENTRY, dataDir, log, async () => bytes(ARCHIVE));
    const path = join(dataDir, 'shapes');
    expect(fetched).toEqual({ path, status: 'downloaded' });
    expect(readFileSync(join(path, 'a.txt'), 'utf8')).toBe('alpha');
    expect(readFileSync(join(path, 'sub', 'b.txt'), 'utf8')).toBe('beta');
    expect(readdirSync(dataDir)).toEqual(['shapes']);
    expect(lines.join('\n')).toContain(`sha256 ${ENTRY.sha256}`);
  });

  it('does not unpack an archive whose checksum differs', async () => {
    const fetching = fetchDataset(ENTRY, dataDir, log, async () => bytes('c.txt=gamma\n'));
    await expect(fetching).rejects.toThrow(/^https:\/\/example\.test\/shapes\.zip does not match dataset Shapes: sha256 [0-9a-f]{64} \(expected /);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('leaves no folder, not even a partial one, when unpack fails half way, naming the url', async () => {
    const broken = 'a.txt=alpha\nno-equals-sign\n';
    const fetching = fetchDataset({ ...ENTRY, sha256: undefined }, dataDir, log, async () => bytes(broken));
    await expect(fetching).rejects.toThrow("https://example.test/shapes.zip: archive line 'no-equals-sign' has no '='");
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('keeps an existing folder as it is, without downloading, and says so', async () => {
    mkdirSync(join(dataDir, 'shapes'));
    writeFileSync(join(dataDir, 'shapes', 'edited.txt'), 'mine');
    const fetched = await fetchDataset(ENTRY, dataDir, log, notDownloaded);
    expect(fetched.status).toBe('present');
    expect(readdirSync(join(dataDir, 'shapes'))).toEqual(['edited.txt']);
    expect(lines).toEqual([`Shapes: ${join(dataDir, 'shapes')} exists, kept (move it away to fetch it again)`]);
  });

  it('refuses to replace a file where the folder belongs', async () => {
    writeFileSync(join(dataDir, 'shapes'), 'a file');
    await expect(fetchDataset(ENTRY, dataDir, log, notDownloaded)).rejects.toThrow(
      `${join(dataDir, 'shapes')} is not a folder, which dataset Shapes is; refusing to overwrite it, move it away first`,
    );
  });

  it('keeps a folder unpacked by hand for an entry without a url', async () => {
    mkdirSync(join(dataDir, 'shapes'));
    expect((await fetchDataset({ ...ENTRY, url: '' }, dataDir, log, notDownloaded)).status).toBe('present');
  });

  it('rejects an entry with both fromDownload and unpack', async () => {
    const entry = { ...ENTRY, fromDownload: (downloaded: Uint8Array) => downloaded };
    await expect(fetchDataset(entry, dataDir, log, async () => bytes(ARCHIVE))).rejects.toThrow(
      'Shapes: fromDownload and unpack exclude each other; give one',
    );
  });
});
