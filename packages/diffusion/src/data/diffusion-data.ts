import { argumentFailure, checkIntegerInRange, checkOneOf } from '../diffusion/check-args.js';
import type { AttributeHead, AttributeImages, Attributes } from '../evaluation/attributes.js';
import { MNIST_ATTRIBUTE_HEADS, SHAPE_ATTRIBUTE_HEADS, mnistAttributeImages, shapeAttributeImages } from '../evaluation/dataset-attributes.js';
import { mnistPromptTarget, shapePromptTarget } from '../evaluation/prompt-targets.js';
import { resolveMnistFolder } from './datasets.js';
import { renderDigits } from './digit-glyphs.js';
import type { CaptionedImages } from './image-batch.js';
import { loadMnist } from './mnist.js';
import type { DigitImages } from './mnist.js';
import { renderShapes } from './shapes.js';

/** The datasets the app and the tables train on: MNIST (downloaded), the synthetic shapes, and renderDigits' glyphs (no download). */
export const DIFFUSION_DATA_NAMES = ['mnist', 'shapes', 'digits'] as const;
export type DiffusionDataName = (typeof DIFFUSION_DATA_NAMES)[number];

export interface DiffusionDataOptions {
  /** where MNIST is (`--data-dir`); the generated sets ignore it */
  dataDir: string;
  /** image side of the generated sets: shapes (default 32) and digits (default 28); MNIST is 28 */
  resolution?: number;
  /** at most this many training images (MNIST: of its 9,000; generated sets: this many, default 9,000) */
  trainCount?: number;
  /** at most this many test images (MNIST: of its 1,000; generated sets: this many, default 1,000) */
  testCount?: number;
  /** MNIST: the caption seed; generated sets: train is drawn from seed 2·seed, test from 2·seed + 1. Default 0 */
  seed?: number;
}

/** A dataset's train and test images with captions, what its evaluation classifier predicts, and what a caption asks for. */
export interface DiffusionSplits {
  name: DiffusionDataName;
  train: CaptionedImages;
  test: CaptionedImages;
  /** the evaluation classifier's heads */
  heads: readonly AttributeHead[];
  trainAttributes: AttributeImages;
  testAttributes: AttributeImages;
  /** the attributes a prompt (a caption of this dataset's templates) asks for */
  promptTarget(caption: string): Attributes;
  /** one line: the source, the split sizes, the image size and the seeds */
  description: string;
}

const OP = 'loadDiffusionData';
const GENERATED_TRAIN = 9000;
const GENERATED_TEST = 1000;
const MNIST_SIDE = 28;
const count = (n: number) => n.toLocaleString('en-US');

function digitSplits(name: 'mnist' | 'digits', train: DigitImages, test: DigitImages, description: string): DiffusionSplits {
  return {
    name,
    train,
    test,
    heads: MNIST_ATTRIBUTE_HEADS,
    trainAttributes: mnistAttributeImages(train),
    testAttributes: mnistAttributeImages(test),
    promptTarget: mnistPromptTarget,
    description,
  };
}

/**
 * Loads (MNIST, from `dataDir`: a missing file names the command that fetches it) or renders (shapes,
 * digits) a dataset's train and test splits with captions and the evaluation classifier's attributes.
 * The same options give the same data.
 */
export async function loadDiffusionData(name: DiffusionDataName, options: DiffusionDataOptions): Promise<DiffusionSplits> {
  checkOneOf(OP, 'name', name, DIFFUSION_DATA_NAMES);
  const { dataDir, resolution, trainCount, testCount, seed = 0 } = options;
  for (const [field, value] of [['trainCount', trainCount], ['testCount', testCount]] as const) {
    if (value !== undefined) checkIntegerInRange(OP, field, value, 1, Number.MAX_SAFE_INTEGER);
  }
  checkIntegerInRange(OP, 'seed', seed, 0, 2 ** 31 - 1);
  const [trainSeed, testSeed] = [2 * seed, 2 * seed + 1];
  const [train, test] = [trainCount ?? GENERATED_TRAIN, testCount ?? GENERATED_TEST];
  switch (name) {
    case 'mnist': {
      if (resolution !== undefined && resolution !== MNIST_SIDE) argumentFailure(OP, 'resolution', `left out or ${MNIST_SIDE} for MNIST`, String(resolution));
      const folder = resolveMnistFolder(dataDir);
      const trainImages = loadMnist(folder, { split: 'train', captionSeed: seed, ...(trainCount === undefined ? {} : { limit: trainCount }) });
      const testImages = loadMnist(folder, { split: 'test', captionSeed: seed, ...(testCount === undefined ? {} : { limit: testCount }) });
      const description = `MNIST t10k (every tenth image test): ${count(trainImages.count)} train, ${count(testImages.count)} test, 28×28 grey, caption seed ${seed}`;
      return digitSplits(name, trainImages, testImages, description);
    }
    case 'digits': {
      const side = resolution ?? MNIST_SIDE;
      const description = `seven-segment digit glyphs (renderDigits): ${count(train)} train (seed ${trainSeed}), ${count(test)} test (seed ${testSeed}), ${side}×${side} grey`;
      return digitSplits(name, await renderDigits({ count: train, seed: trainSeed, resolution: side }), await renderDigits({ count: test, seed: testSeed, resolution: side }), description);
    }
    case 'shapes': {
      const side = resolution ?? 32;
      const trainShapes = await renderShapes({ count: train, resolution: side, seed: trainSeed });
      const testShapes = await renderShapes({ count: test, resolution: side, seed: testSeed });
      return {
        name,
        train: trainShapes,
        test: testShapes,
        heads: SHAPE_ATTRIBUTE_HEADS,
        trainAttributes: shapeAttributeImages(trainShapes),
        testAttributes: shapeAttributeImages(testShapes),
        promptTarget: (caption) => shapePromptTarget(caption),
        description: `synthetic shapes (renderShapes): ${count(train)} train (seed ${trainSeed}), ${count(test)} test (seed ${testSeed}), ${side}×${side} RGB`,
      };
    }
  }
}
