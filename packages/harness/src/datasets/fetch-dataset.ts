import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checksumMismatches, checksumsOf } from './checksums.js';
import type { DatasetEntry } from './dataset-entry.js';
import { downloadUrl } from './download-url.js';
import type { DownloadUrl } from './download-url.js';

export interface FetchedDataset {
  /** Absolute path of the file under the data directory. */
  path: string;
  /** `present`: the file was there already and matches the entry's checksums. */
  status: 'downloaded' | 'present';
}

function fileFromDownload(entry: DatasetEntry, downloaded: Uint8Array): Uint8Array {
  if (!entry.fromDownload) return downloaded;
  try {
    return entry.fromDownload(downloaded);
  } catch (error) {
    throw new Error(`${entry.url}: ${(error as Error).message}`);
  }
}

/**
 * Downloads `entry` to `<dataDir>/<entry.file>` and checks it against the entry's md5 and sha256:
 * a download that differs is not written, an existing file that differs is not overwritten, and an
 * existing file that matches is kept. The file is written whole or not at all (temp file + rename).
 * `log` gets one line per step, with the sha256 of the file either way.
 */
export async function fetchDataset(
  entry: DatasetEntry,
  dataDir: string,
  log: (line: string) => void,
  download: DownloadUrl = downloadUrl,
): Promise<FetchedDataset> {
  const path = resolve(dataDir, entry.file);
  if (existsSync(path)) {
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
  log(`${entry.name}: downloading ${entry.url}`);
  const bytes = fileFromDownload(entry, await download(entry.url));
  const actual = checksumsOf(bytes);
  log(`${entry.name}: sha256 ${actual.sha256}, md5 ${actual.md5}`);
  const wrong = checksumMismatches(entry, actual);
  if (wrong.length > 0) throw new Error(`${entry.url} does not match dataset ${entry.name}: ${wrong.join(', ')}; not written`);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.part`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
  log(`${entry.name}: wrote ${path}`);
  return { path, status: 'downloaded' };
}
