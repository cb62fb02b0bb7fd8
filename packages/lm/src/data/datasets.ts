import { existsSync, statSync } from 'node:fs';
import { resolveDatasetFile } from '@hybridssm/harness';
import type { DatasetEntry } from '@hybridssm/harness';

/** A language-modelling corpus: harness's catalogue fields plus the file's size. */
export interface LmDatasetEntry extends DatasetEntry {
  /** Size of the file in bytes. */
  bytes: number;
}

/** The command that downloads an LM dataset, without the dataset name. */
const FETCH_HINT = 'pnpm hybridssm lm fetch';

export const LM_DATASETS: readonly LmDatasetEntry[] = [
  {
    name: 'tinyshakespeare',
    aliases: [],
    file: 'tinyshakespeare/input.txt',
    url: 'https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt',
    source: 'https://github.com/karpathy/char-rnn',
    licence: 'MIT (karpathy/char-rnn)',
    description: 'Tiny Shakespeare: about 40,000 lines from Shakespeare plays, the char-rnn and nanoGPT corpus',
    md5: '6fb458f1232090904fb40fe944165e91',
    sha256: '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed',
    bytes: 1_115_394,
  },
];

function isDatasetName(name: string): boolean {
  const wanted = name.toLowerCase();
  return LM_DATASETS.some((entry) => [entry.name, ...entry.aliases].some((known) => known.toLowerCase() === wanted));
}

/**
 * The corpus file for `nameOrPath`: an existing file as given, else the file of the catalogue
 * dataset of that name under `dataDir` (which must have been fetched).
 */
export function resolveCorpus(nameOrPath: string, dataDir: string): string {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return nameOrPath;
  if (!isDatasetName(nameOrPath)) {
    const known = LM_DATASETS.map((entry) => entry.name).join(', ');
    throw new Error(`corpus: '${nameOrPath}' is neither a file nor a known dataset; known datasets: ${known}`);
  }
  return resolveDatasetFile(LM_DATASETS, nameOrPath, dataDir, FETCH_HINT).path;
}
