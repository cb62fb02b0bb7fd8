import { createHash } from 'node:crypto';
import type { DatasetEntry } from './dataset-entry.js';

export interface Checksums {
  md5: string;
  sha256: string;
}

export function checksumsOf(bytes: Uint8Array): Checksums {
  return {
    md5: createHash('md5').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The entry's checksums that `actual` fails, as 'md5 <actual> (expected <expected>)'; empty when all match. */
export function checksumMismatches(entry: DatasetEntry, actual: Checksums): string[] {
  return (['md5', 'sha256'] as const)
    .filter((kind) => entry[kind] !== undefined && entry[kind] !== actual[kind])
    .map((kind) => `${kind} ${actual[kind]} (expected ${entry[kind]})`);
}
