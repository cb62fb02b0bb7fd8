import { dirname } from 'node:path';
import { resolveDatasetFile } from '@hybridssm/harness';
import type { DatasetEntry } from '@hybridssm/harness';
import { DIFFUSION_FETCH_COMMAND } from './dataset-folder.js';

/** The dataset as a loader needs it: the entry plus its file's absolute path. */
export interface ResolvedDiffusionDataset extends DatasetEntry {
  path: string;
}

const MNIST_SOURCE = 'http://yann.lecun.com/exdb/mnist/';
const MNIST_LICENCE = 'CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)';
const MNIST_MIRROR = 'https://storage.googleapis.com/cvdf-datasets/mnist';

/**
 * The datasets the diffusion tables read from disk: the MNIST test set (t10k) only, 10,000 digits,
 * which loadMnist splits 9,000 / 1,000 into our own train and test (the MNIST training files are not
 * used). The synthetic shapes set is rendered, not downloaded.
 */
export const DIFFUSION_DATASETS: readonly DatasetEntry[] = [
  {
    name: 'mnist-t10k-images',
    aliases: ['mnist-test-images'],
    file: 'mnist/t10k-images-idx3-ubyte.gz',
    url: `${MNIST_MIRROR}/t10k-images-idx3-ubyte.gz`,
    source: MNIST_SOURCE,
    licence: MNIST_LICENCE,
    rows: 10000,
    md5: '9fb629c4189551a2d022fa330f9573f3',
    description: 'MNIST test images: IDX (gzip), magic 2051, 10,000 × 28 × 28 uint8, white digits on black. Read with loadMnist.',
  },
  {
    name: 'mnist-t10k-labels',
    aliases: ['mnist-test-labels'],
    file: 'mnist/t10k-labels-idx1-ubyte.gz',
    url: `${MNIST_MIRROR}/t10k-labels-idx1-ubyte.gz`,
    source: MNIST_SOURCE,
    licence: MNIST_LICENCE,
    rows: 10000,
    md5: 'ec29112dd5afa0611ce80d1b7f02629c',
    description: 'MNIST test labels: IDX (gzip), magic 2049, 10,000 uint8 digits 0…9, one per image of mnist-t10k-images.',
  },
];

/** Finds a diffusion dataset by name or alias (any case) and checks that its file is under `dataDir`. */
export function resolveDiffusionDataset(name: string, dataDir: string): ResolvedDiffusionDataset {
  return resolveDatasetFile(DIFFUSION_DATASETS, name, dataDir, DIFFUSION_FETCH_COMMAND);
}

/** The folder under `dataDir` holding both MNIST test files, for loadMnist; throws, with the fetch command, if either is missing. */
export function resolveMnistFolder(dataDir: string): string {
  resolveDiffusionDataset('mnist-t10k-labels', dataDir);
  return dirname(resolveDiffusionDataset('mnist-t10k-images', dataDir).path);
}
