import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatasetEntry } from './dataset-entry.js';

/** The entry whose name or an alias is `name`, in any case. */
export function findDataset<E extends DatasetEntry>(entries: readonly E[], name: string): E {
  const wanted = name.toLowerCase();
  const entry = entries.find((candidate) =>
    [candidate.name, ...candidate.aliases].some((known) => known.toLowerCase() === wanted),
  );
  if (!entry) {
    throw new Error(`unknown dataset '${name}'; known: ${entries.map((known) => known.name).join(', ')}`);
  }
  return entry;
}

/**
 * The entry for `name` with the absolute path of its file under `dataDir`, which must exist.
 * `fetchHint` is the command that downloads a dataset, without the name (`pnpm hybridssm
 * <app> fetch`); the error for a missing file tells the user to run it with the entry's name.
 */
export function resolveDatasetFile<E extends DatasetEntry>(
  entries: readonly E[],
  name: string,
  dataDir: string,
  fetchHint: string,
): E & { path: string } {
  const entry = findDataset(entries, name);
  const path = resolve(dataDir, entry.file);
  if (!existsSync(path)) {
    throw new Error(`dataset ${entry.name} not found at ${path}; run \`${fetchHint} ${entry.name}\` or pass --data-dir`);
  }
  return { ...entry, path };
}
