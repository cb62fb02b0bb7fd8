import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@hybridssm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DIFFUSION_DATASETS } from './datasets.js';
import { writeIdx } from './idx.js';
import { DIGIT_WORDS, MNIST_CAPTION_TEMPLATES, mnistCaption } from './mnist-captions.js';
import { inMnistSplit, loadMnist } from './mnist.js';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-mnist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder with an MNIST-layout IDX pair of `count` images: image i is filled with byte i, label i mod 10. */
function writeMnistPair(name: string, count: number, options: { gzip?: boolean; side?: number; labels?: number[] } = {}): string {
  const { gzip = true, side = 28, labels = Array.from({ length: count }, (_, i) => i % 10) } = options;
  const folder = join(dir, name);
  mkdirSync(folder);
  const suffix = gzip ? '.gz' : '';
  const pixels = Uint8Array.from({ length: count * side * side }, (_, p) => Math.floor(p / (side * side)));
  writeIdx(join(folder, `t10k-images-idx3-ubyte${suffix}`), { shape: [count, side, side], data: pixels }, { gzip });
  writeIdx(join(folder, `t10k-labels-idx1-ubyte${suffix}`), { shape: [labels.length], data: Uint8Array.from(labels) }, { gzip });
  return folder;
}

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const REAL_MNIST = '/work/shared/datasets/mnist';

describe('loadMnist', () => {
  it('maps bytes to [−1, 1] as [n, 28, 28, 1] with labels, and splits every tenth image into test', () => {
    const folder = writeMnistPair('split', 25);
    const all = loadMnist(folder);
    expect([all.count, all.height, all.width, all.channels, all.images.length]).toEqual([25, 28, 28, 1, 25 * 784]);
    expect([all.images[0], all.images[784 * 3], all.images[784 * 25 - 1]]).toEqual([-1, Math.fround(3 / 127.5 - 1), Math.fround(24 / 127.5 - 1)]);
    const test = loadMnist(folder, { split: 'test' });
    expect(test.indices).toEqual([9, 19]);
    expect(Array.from(test.labels)).toEqual([9, 9]);
    expect(test.images[0]).toBeCloseTo(9 / 127.5 - 1, 6);
    const train = loadMnist(folder, { split: 'train', limit: 4 });
    expect(train.indices).toEqual([0, 1, 2, 3]);
    expect(loadMnist(folder, { split: 'train' }).count).toBe(23);
  });

  it('captions each image with its digit, the same for a seed whatever the split', () => {
    const folder = writeMnistPair('captions', 20, { gzip: false });
    const all = loadMnist(folder, { captionSeed: 3 });
    all.captions.forEach((caption, i) => {
      const label = all.labels[i]!;
      expect(caption.includes(DIGIT_WORDS[label]!) || caption.includes(String(label))).toBe(true);
    });
    expect(loadMnist(folder, { split: 'test', captionSeed: 3 }).captions).toEqual([all.captions[9], all.captions[19]]);
    expect(loadMnist(folder, { captionSeed: 4 }).captions).not.toEqual(all.captions);
  });

  it('draws every caption template, e.g. "a handwritten digit seven" and "the number 7 written by hand"', () => {
    const rng = new Rng(1);
    const seen = new Set(Array.from({ length: 400 }, () => mnistCaption(7, rng)));
    expect(seen.size).toBe(MNIST_CAPTION_TEMPLATES.length);
    expect(seen).toContain('a handwritten digit seven');
    expect(seen).toContain('the number 7 written by hand');
    expect(() => mnistCaption(10, rng)).toThrow('mnistCaption: digit must be an integer 0…9, got 10');
  });

  it('says which file is wrong: missing, mismatched counts, wrong size, bad label', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => loadMnist(empty)).toThrow(
      `mnist: neither ${join(empty, 't10k-images-idx3-ubyte.gz')} nor ${join(empty, 't10k-images-idx3-ubyte')} exists; run \`pnpm hybridssm diffusion fetch mnist-t10k-images\` or pass --data-dir`,
    );
    const mismatched = writeMnistPair('mismatched', 3, { labels: [1, 2] });
    expect(() => loadMnist(mismatched)).toThrow(`mnist: ${join(mismatched, 't10k-labels-idx1-ubyte.gz')}: 2 labels for the 3 images of ${join(mismatched, 't10k-images-idx3-ubyte.gz')}`);
    const small = writeMnistPair('small', 2, { side: 14 });
    expect(() => loadMnist(small)).toThrow(`mnist: ${join(small, 't10k-images-idx3-ubyte.gz')}: images are 14×14, expected 28×28`);
    const badLabel = writeMnistPair('bad-label', 2, { labels: [3, 12] });
    expect(() => loadMnist(badLabel)).toThrow(`mnist: ${join(badLabel, 't10k-labels-idx1-ubyte.gz')}: label 1 is 12, expected a digit 0…9`);
    expect(() => loadMnist(badLabel, { split: 'val' as 'test' })).toThrow("loadMnist: split must be train, test or all, got 'val'");
  });

  it('puts 9 in 10 images in train and 1 in 10 in test, disjoint', () => {
    const indices = Array.from({ length: 10000 }, (_, i) => i);
    const train = indices.filter((i) => inMnistSplit(i, 'train'));
    const test = indices.filter((i) => inMnistSplit(i, 'test'));
    expect([train.length, test.length]).toEqual([9000, 1000]);
    expect(test.filter((i) => i < 5000).length).toBe(500);
  });
});

// The real t10k files are on the development machines only; elsewhere the same checks run on a written pair.
const real = existsSync(join(REAL_MNIST, 't10k-images-idx3-ubyte.gz'));
describe(`MNIST t10k: counts, checksums and first label (${real ? `the real files in ${REAL_MNIST}` : 'a written IDX pair, the real files being absent'})`, () => {
  it('loads 10,000 (real) or 10 (written) images whose first label is 7, split 9:1', () => {
    const folder = real ? REAL_MNIST : writeMnistPair('stand-in', 10, { labels: [7, 2, 1, 0, 4, 1, 4, 9, 5, 9] });
    const expectedCount = real ? 10000 : 10;
    for (const entry of DIFFUSION_DATASETS) {
      const path = join(folder, entry.file.replace(/^mnist\//, ''));
      if (real) expect(md5(path)).toBe(entry.md5);
      else expect(md5(path)).toMatch(/^[0-9a-f]{32}$/);
    }
    const all = loadMnist(folder);
    expect(all.count).toBe(expectedCount);
    expect(Array.from(all.labels.subarray(0, 3))).toEqual([7, 2, 1]);
    expect(all.images.every((value) => value >= -1 && value <= 1)).toBe(true);
    expect(loadMnist(folder, { split: 'test' }).count).toBe(expectedCount / 10);
    expect(loadMnist(folder, { split: 'train' }).count).toBe((expectedCount * 9) / 10);
  });
});
