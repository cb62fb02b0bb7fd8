import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates the folder `path` (which must not exist) with what `fill` writes into an empty temporary
 * sibling, renamed into place once `fill` returns: the folder appears whole or not at all, and the
 * temporary folder is removed whatever happens.
 */
export function writeFolderAtomically(path: string, fill: (dir: string) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = mkdtempSync(`${path}.part-`);
  try {
    fill(partial);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
