import { fetchDataset } from '@hybridssm/harness';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIFFUSION_DATASETS, resolveDiffusionDataset, resolveMnistFolder } from './datasets.js';
import { writeIdx } from './idx.js';
import { loadMnist } from './mnist.js';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diffusion dataset catalogue', () => {
  it('lists the MNIST test images and labels with their mirror URLs, licence and md5s', () => {
    expect(DIFFUSION_DATASETS.map((entry) => [entry.name, entry.file, entry.url, entry.md5, entry.rows])).toEqual([
      ['mnist-t10k-images', 'mnist/t10k-images-idx3-ubyte.gz', 'https://storage.googleapis.com/cvdf-datasets/mnist/t10k-images-idx3-ubyte.gz', '9fb629c4189551a2d022fa330f9573f3', 10000],
      ['mnist-t10k-labels', 'mnist/t10k-labels-idx1-ubyte.gz', 'https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz', 'ec29112dd5afa0611ce80d1b7f02629c', 10000],
    ]);
    for (const entry of DIFFUSION_DATASETS) expect(entry.licence).toContain('CC BY-SA 3.0');
  });

  it('resolves a name or alias to its file, and says how to fetch a missing one', () => {
    const dataDir = join(dir, 'resolve');
    expect(() => resolveMnistFolder(dataDir)).toThrow(
      `dataset mnist-t10k-labels not found at ${join(dataDir, 'mnist/t10k-labels-idx1-ubyte.gz')}; run \`pnpm hybridssm diffusion fetch mnist-t10k-labels\` or pass --data-dir`,
    );
    mkdirSync(join(dataDir, 'mnist'), { recursive: true });
    writeIdx(join(dataDir, 'mnist/t10k-images-idx3-ubyte.gz'), { shape: [1, 28, 28], data: new Uint8Array(784) }, { gzip: true });
    writeIdx(join(dataDir, 'mnist/t10k-labels-idx1-ubyte.gz'), { shape: [1], data: Uint8Array.from([3]) }, { gzip: true });
    expect(resolveDiffusionDataset('MNIST-TEST-IMAGES', dataDir).path).toBe(join(dataDir, 'mnist/t10k-images-idx3-ubyte.gz'));
    expect(Array.from(loadMnist(resolveMnistFolder(dataDir)).labels)).toEqual([3]);
  });

  it('refuses a download whose md5 is not the published one (download faked)', async () => {
    const entry = DIFFUSION_DATASETS[1]!;
    const dataDir = join(dir, 'fetch');
    await expect(fetchDataset(entry, dataDir, () => undefined, async () => new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /^https:\/\/storage\.googleapis\.com\/cvdf-datasets\/mnist\/t10k-labels-idx1-ubyte\.gz does not match dataset mnist-t10k-labels: .*md5/,
    );
    expect(existsSync(join(dataDir, entry.file))).toBe(false);
  });
});
