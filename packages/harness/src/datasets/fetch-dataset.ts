import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checksumMismatches, checksumsOf } from './checksums.js';
import type { DatasetEntry } from './dataset-entry.js';
import { downloadUrl } from './download-url.js';
import type { DownloadUrl } from './download-url.js';
import { writeFolderAtomically } from './write-folder-atomically.js';

export interface FetchedDataset {
  /** Absolute path of the file (or folder) under the data directory. */
  path: string;
  /** `present`: the file was there already and matches the entry's checksums, or the folder was there. */
  status: 'downloaded' | 'present';
}

/** Runs one of the entry's hooks on the download, naming the url in what it throws. */
function fromUrl<T>(entry: DatasetEntry, hook: () => T): T {
  try {
    return hook();
  } catch (error) {
    throw new Error(`${entry.url}: ${(error as Error).message}`);
  }
}

function keepExistingFile(entry: DatasetEntry, path: string, log: (line: string) => void): FetchedDataset {
  const actual = checksumsOf(readFileSync(path));
  log(`${entry.name}: ${path} exists, sha256 ${actual.sha256}`);
  const wrong = checksumMismatches(entry, actual);
  if (wrong.length > 0) {
    throw new Error(
      `${path} does not match dataset ${entry.name}: ${wrong.join(', ')}; refusing to overwrite it, move it away first`,
    );
  }
  return { path, status: 'present' };
}

/** A folder's checksums are its archive's, so an existing folder is kept unchecked. */
function keepExistingFolder(entry: DatasetEntry, path: string, log: (line: string) => void): FetchedDataset {
  if (!statSync(path).isDirectory()) {
    throw new Error(`${path} is not a folder, which dataset ${entry.name} is; refusing to overwrite it, move it away first`);
  }
  log(`${entry.name}: ${path} exists, kept (move it away to fetch it again)`);
  return { path, status: 'present' };
}

function requireDownload(entry: DatasetEntry, path: string): void {
  if (entry.url === '') {
    throw new Error(`${entry.name} has no direct download: ${entry.manualDownload ?? `put it at ${path} yourself`}`);
  }
  if (entry.unpack && entry.fromDownload) throw new Error(`${entry.name}: fromDownload and unpack exclude each other; give one`);
}

/**
 * Downloads `entry` to `<dataDir>/<entry.file>` and checks it against the entry's md5 and sha256:
 * a download that differs is not written, an existing file that differs is not overwritten, and an
 * existing file that matches is kept. The file is written whole or not at all (temp file + rename).
 * An entry with `unpack` is a folder: the checksums are the downloaded archive's, `unpack` fills a
 * temporary sibling folder that is then renamed into place, and an existing folder is kept as it is.
 * An entry without a url fails with its `manualDownload` text. `log` gets one line per step, with the
 * sha256 of the file (or archive) either way.
 */
export async function fetchDataset(
  entry: DatasetEntry,
  dataDir: string,
  log: (line: string) => void,
  download: DownloadUrl = downloadUrl,
): Promise<FetchedDataset> {
  const path = resolve(dataDir, entry.file);
  if (existsSync(path)) return entry.unpack ? keepExistingFolder(entry, path, log) : keepExistingFile(entry, path, log);
  requireDownload(entry, path);
  log(`${entry.name}: downloading ${entry.url}`);
  const downloaded = await download(entry.url);
  const { unpack, fromDownload } = entry;
  const bytes = fromDownload ? fromUrl(entry, () => fromDownload(downloaded)) : downloaded;
  const actual = checksumsOf(bytes);
  log(`${entry.name}: sha256 ${actual.sha256}, md5 ${actual.md5}`);
  const wrong = checksumMismatches(entry, actual);
  if (wrong.length > 0) throw new Error(`${entry.url} does not match dataset ${entry.name}: ${wrong.join(', ')}; not written`);
  if (unpack) {
    log(`${entry.name}: unpacking into ${path}`);
    writeFolderAtomically(path, (dir) => fromUrl(entry, () => unpack(bytes, dir)));
  } else {
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.part`;
    writeFileSync(partial, bytes);
    renameSync(partial, path);
  }
  log(`${entry.name}: wrote ${path}`);
  return { path, status: 'downloaded' };
}
