import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError } from '@hybridssm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDiffusionData } from './diffusion-data.js';
import type { DiffusionDataName } from './diffusion-data.js';
import { writeIdx } from './idx.js';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data folder with MNIST-layout files of 30 images: image i is filled with byte i, label i mod 10. */
function fakeMnist(): string {
  const dataDir = join(dir, 'data');
  mkdirSync(join(dataDir, 'mnist'), { recursive: true });
  const pixels = Uint8Array.from({ length: 30 * 784 }, (_, p) => Math.floor(p / 784));
  writeIdx(join(dataDir, 'mnist/t10k-images-idx3-ubyte.gz'), { shape: [30, 28, 28], data: pixels }, { gzip: true });
  writeIdx(join(dataDir, 'mnist/t10k-labels-idx1-ubyte.gz'), { shape: [30], data: Uint8Array.from({ length: 30 }, (_, i) => i % 10) }, { gzip: true });
  return dataDir;
}

describe('loadDiffusionData', () => {
  it('splits MNIST 9:1 with captions, attributes and prompt targets, capped by the counts', async () => {
    const dataDir = fakeMnist();
    const all = await loadDiffusionData('mnist', { dataDir });
    expect([all.train.count, all.test.count, all.test.height, all.test.channels]).toEqual([27, 3, 28, 1]);
    expect(all.testAttributes.attributes).toEqual([{ digit: '9' }, { digit: '9' }, { digit: '9' }]);
    expect(all.heads.map((head) => head.name)).toEqual(['digit']);
    all.train.captions.forEach((caption, i) => expect(all.promptTarget(caption)).toEqual(all.trainAttributes.attributes[i]));
    const capped = await loadDiffusionData('mnist', { dataDir, trainCount: 5, testCount: 2 });
    expect([capped.train.count, capped.test.count, capped.trainAttributes.count]).toEqual([5, 2, 5]);
    expect(capped.description).toContain('5 train, 2 test');
    await expect(loadDiffusionData('mnist', { dataDir, resolution: 16 })).rejects.toThrow(/'resolution' must be left out or 28 for MNIST; got 16/);
  });

  it('names the fetch command when MNIST is missing', async () => {
    await expect(loadDiffusionData('mnist', { dataDir: join(dir, 'empty') })).rejects.toThrow(/not found at .*; run `pnpm hybridssm diffusion fetch mnist-t10k-/);
  });

  it.each<[DiffusionDataName, number, 1 | 3]>([
    ['digits', 16, 1],
    ['shapes', 16, 3],
  ])('renders %s: train and test from different seeds, the same for the same options, prompt targets matching the attributes', async (name, resolution, channels) => {
    const options = { dataDir: dir, resolution, trainCount: 40, testCount: 12, seed: 3 };
    const splits = await loadDiffusionData(name, options);
    const again = await loadDiffusionData(name, options);
    expect([splits.name, splits.train.count, splits.test.count, splits.test.height, splits.test.width, splits.test.channels]).toEqual([name, 40, 12, 16, 16, channels]);
    expect(again.train.images).toEqual(splits.train.images);
    expect(again.test.captions).toEqual(splits.test.captions);
    expect(splits.test.images).not.toEqual(splits.train.images.subarray(0, splits.test.images.length));
    expect(splits.description).toMatch(/40 train \(seed 6\), 12 test \(seed 7\), 16×16/);
    splits.test.captions.forEach((caption, i) => expect(splits.promptTarget(caption)).toEqual(splits.testAttributes.attributes[i]));
    expect(splits.trainAttributes.attributes).toHaveLength(40);
  });

  it('renders the generated sets at their default sizes: digits 28 px, shapes 32 px', async () => {
    const digits = await loadDiffusionData('digits', { dataDir: dir, trainCount: 2, testCount: 2 });
    const shapes = await loadDiffusionData('shapes', { dataDir: dir, trainCount: 2, testCount: 2 });
    expect([digits.train.height, shapes.train.height, digits.train.channels, shapes.train.channels]).toEqual([28, 32, 1, 3]);
  });

  it('rejects an unknown dataset or a bad count, naming it', async () => {
    await expect(loadDiffusionData('cifar' as DiffusionDataName, { dataDir: dir })).rejects.toThrow(/'name' must be one of 'mnist', 'shapes', 'digits'; got "cifar"/);
    await expect(loadDiffusionData('digits', { dataDir: dir, trainCount: 0 })).rejects.toThrow(ArgumentError);
    await expect(loadDiffusionData('shapes', { dataDir: dir, testCount: 1.5 })).rejects.toThrow(/'testCount'.*1.5/);
  });
});
