import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@hybridssm/core';
import { DIFFUSION_FETCH_COMMAND } from './dataset-folder.js';
import { byteToUnit } from './image-batch.js';
import type { CaptionedImages } from './image-batch.js';
import { readIdx } from './idx.js';
import type { IdxArray } from './idx.js';
import { idxDtypeOfData } from './idx-dtypes.js';
import { mnistCaption } from './mnist-captions.js';

/**
 * Which images loadMnist returns. Only the MNIST test files (t10k, 10,000 images) are at hand, so our
 * tables split those: every tenth image (index mod 10 = 9) is 'test', 1,000 of 10,000, the other
 * 9,000 are 'train'; interleaving takes test images from both halves of t10k, whose writers differ
 * (the first 5,000 are the cleaner ones). 'all' is every image in file order.
 */
export type MnistSplit = 'train' | 'test' | 'all';

/** Options of loadMnist. */
export interface LoadMnistOptions {
  split?: MnistSplit;
  /** Seeds the choice of caption template for each image (default 0). */
  captionSeed?: number;
  /** At most this many images of the split, the first ones (default all). */
  limit?: number;
}

/** Grey digit images in [−1, 1], each with its label and a caption: MNIST, or renderDigits' glyphs. */
export interface DigitImages extends CaptionedImages {
  /** The digit 0…9 of each image. */
  labels: Uint8Array;
}

/** MNIST digits as [count, 28, 28, 1] in [−1, 1], each with its label and a caption. */
export interface MnistImages extends DigitImages {
  /** Each image's index in the files. */
  indices: number[];
}

/** The file names loadMnist reads, gzip-compressed or not (the name without .gz). */
export const MNIST_IMAGES_FILE = 't10k-images-idx3-ubyte.gz';
export const MNIST_LABELS_FILE = 't10k-labels-idx1-ubyte.gz';
const SIDE = 28;
const TEST_EVERY = 10;

/** Whether image `index` of the files belongs to `split` (see MnistSplit). */
export function inMnistSplit(index: number, split: MnistSplit): boolean {
  if (split === 'all') return true;
  return (index % TEST_EVERY === TEST_EVERY - 1) === (split === 'test');
}

/**
 * Reads the MNIST test images and labels in `dir` (t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte,
 * each .gz or not), checks them against each other, and returns the split's images with labels and
 * captions. An image's caption depends only on captionSeed and its index, not on the split or limit.
 */
export function loadMnist(dir: string, options: LoadMnistOptions = {}): MnistImages {
  const { split = 'all', captionSeed = 0, limit = Infinity } = options;
  if (!['train', 'test', 'all'].includes(split)) throw new Error(`loadMnist: split must be train, test or all, got '${split}'`);
  if (!(limit >= 0)) throw new Error(`loadMnist: limit must be ≥ 0, got ${limit}`);
  const imagesPath = findFile(dir, MNIST_IMAGES_FILE, 'mnist-t10k-images');
  const labelsPath = findFile(dir, MNIST_LABELS_FILE, 'mnist-t10k-labels');
  const images = readUint8Idx(imagesPath, 3);
  const labels = readUint8Idx(labelsPath, 1);
  const [count, height, width] = images.shape as [number, number, number];
  if (height !== SIDE || width !== SIDE) throw new Error(`mnist: ${imagesPath}: images are ${height}×${width}, expected ${SIDE}×${SIDE}`);
  if (labels.shape[0] !== count) throw new Error(`mnist: ${labelsPath}: ${labels.shape[0]} labels for the ${count} images of ${imagesPath}`);
  const badLabel = labels.data.findIndex((label) => label > 9);
  if (badLabel >= 0) throw new Error(`mnist: ${labelsPath}: label ${badLabel} is ${labels.data[badLabel]}, expected a digit 0…9`);

  const captionRng = new Rng(captionSeed);
  const allCaptions = Array.from(labels.data, (label) => mnistCaption(label, captionRng));
  const indices = Array.from({ length: count }, (_, i) => i).filter((i) => inMnistSplit(i, split)).slice(0, limit);
  const pixels = SIDE * SIDE;
  const out = new Float32Array(indices.length * pixels);
  indices.forEach((index, k) => {
    for (let p = 0; p < pixels; p++) out[k * pixels + p] = byteToUnit(images.data[index * pixels + p] as number);
  });
  return {
    images: out,
    count: indices.length,
    height: SIDE,
    width: SIDE,
    channels: 1,
    labels: Uint8Array.from(indices, (index) => labels.data[index] as number),
    captions: indices.map((index) => allCaptions[index] as string),
    indices,
  };
}

/**
 * `dir/name` where it exists, else `dir/name` without .gz; when neither does, throws naming both and
 * the command that fetches `dataset`.
 */
function findFile(dir: string, name: string, dataset: string): string {
  const candidates = [join(dir, name), join(dir, name.replace(/\.gz$/, ''))];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`mnist: neither ${candidates.join(' nor ')} exists; run \`${DIFFUSION_FETCH_COMMAND} ${dataset}\` or pass --data-dir`);
  return found;
}

function readUint8Idx(path: string, rank: number): IdxArray & { data: Uint8Array } {
  const array = readIdx(path, { rank });
  if (!(array.data instanceof Uint8Array)) throw new Error(`mnist: ${path}: ${idxDtypeOfData(array.data)} data, expected uint8`);
  return { shape: array.shape, data: array.data };
}
