import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapes } from '../data/shapes.js';
import type { AttributeImages } from './attributes.js';
import { cachedImageClassifier } from './classifier-cache.js';
import { classifierFeatures, classifyImages } from './classifier-inference.js';
import { MNIST_ATTRIBUTE_HEADS, SHAPE_ATTRIBUTE_HEADS, shapeAttributeImages } from './dataset-attributes.js';
import { ImageClassifier, imageClassifierConfig } from './image-classifier.js';
import { classifierAccuracy, trainImageClassifier } from './train-classifier.js';

const SIDE = 16;
let train: AttributeImages;
let test: AttributeImages;
const scratch = mkdtempSync(join(tmpdir(), 'evaluation-classifier-'));

beforeAll(async () => {
  await initBackend('wasm');
  train = shapeAttributeImages(await renderShapes({ count: 384, resolution: SIDE, seed: 1 }));
  test = shapeAttributeImages(await renderShapes({ count: 200, resolution: SIDE, seed: 2 }));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The first `count` images. */
function firstImages(data: AttributeImages, count: number): AttributeImages {
  const pixels = data.height * data.width * data.channels;
  return { ...data, count, images: data.images.subarray(0, count * pixels), attributes: data.attributes.slice(0, count) };
}

const shapesConfig = () => imageClassifierConfig({ height: SIDE, width: SIDE, channels: 3, heads: SHAPE_ATTRIBUTE_HEADS });

describe('ImageClassifier', () => {
  it('pools to at most 8 pixels a side in at least two stages, and names its parameters', () => {
    const stages = (side: number) => imageClassifierConfig({ height: side, width: side, channels: 1, heads: MNIST_ATTRIBUTE_HEADS }).stageChannels;
    expect([16, 28, 32, 64, 128].map(stages)).toEqual([[16, 32], [16, 32], [16, 32], [16, 32, 64], [16, 32, 64, 64]]);
    const model = new ImageClassifier(imageClassifierConfig({ height: 28, width: 28, channels: 1, heads: MNIST_ATTRIBUTE_HEADS }), new Rng(0));
    const shapes = Object.fromEntries([...model.parameters()].map(([name, variable]) => [name, variable.shape]));
    expect(shapes).toEqual({
      'stages.0.weight': [3, 3, 1, 16],
      'stages.0.bias': [16],
      'stages.1.weight': [3, 3, 16, 32],
      'stages.1.bias': [32],
      'features.weight': [64, 7 * 7 * 32],
      'features.bias': [64],
      'heads.0.weight': [10, 64],
      'heads.0.bias': [10],
    });
    model.dispose();
  });

  it('averages each head’s cross-entropy over the images that show its attribute', () => {
    const heads = [{ name: 'a', classes: ['x', 'y'] }, { name: 'b', classes: ['x', 'y', 'z'] }];
    const model = new ImageClassifier(imageClassifierConfig({ height: 8, width: 8, channels: 1, heads }), new Rng(3));
    const images = new Rng(4).normalTensor([3, 8, 8, 1]) as tf.Tensor4D;
    const labels = tf.tensor2d([[1, -1], [0, 2], [1, -1]], [3, 2], 'int32');
    const [logitsA, logitsB] = model.logits(images).map((logits) => logits.arraySync()) as [number[][], number[][]];
    const crossEntropy = (row: number[], label: number) => Math.log(row.reduce((sum, x) => sum + Math.exp(x), 0)) - (row[label] as number);
    const expected = ((crossEntropy(logitsA[0] as number[], 1) + crossEntropy(logitsA[1] as number[], 0) + crossEntropy(logitsA[2] as number[], 1)) / 3 + crossEntropy(logitsB[1] as number[], 2)) / 2;
    const loss = model.loss(images, labels);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([images, labels, loss]);
    model.dispose();
  });

  it('learns colour, size, placement and arrangement of 16×16 shapes in a few epochs without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const model = new ImageClassifier(shapesConfig(), new Rng(0));
    await trainImageClassifier(model, train, { epochs: 6, batch: 16, learningRate: 1e-2, seed: 0 }, { quiet: true });
    const { perAttribute } = await classifierAccuracy(model, test);
    // chance: colour 1/5, size 1/2, placement 1/5, relation 1/3; shapes (3–6 pixels across here) need more pixels and training
    for (const [name, least] of Object.entries({ colour: 0.7, secondColour: 0.7, size: 0.75, secondSize: 0.75, placement: 0.9, relation: 0.9 })) {
      expect(perAttribute[name], name).toBeGreaterThan(least);
    }
    const features = await classifierFeatures(model, test, 7);
    expect([features.rows, features.columns]).toEqual([test.count, 64]);
    expect(Array.from(features.values)).toEqual(Array.from((await classifierFeatures(model, test)).values));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains to the same weights from the same seed', async () => {
    const subset = firstImages(train, 64);
    const weights = async (seed: number) => {
      const model = new ImageClassifier(shapesConfig(), new Rng(seed));
      const run = await trainImageClassifier(model, subset, { epochs: 2, batch: 16, learningRate: 1e-2, seed }, { quiet: true });
      const values = [...model.parameters().values()].flatMap((variable) => Array.from(variable.dataSync()));
      model.dispose();
      return { losses: run.losses, values };
    };
    const [first, second, other] = [await weights(5), await weights(5), await weights(6)];
    expect(second).toEqual(first);
    expect(other.losses).not.toEqual(first.losses);
  });

  it('is trained once and then loaded from its cache, retrained when its settings change', async () => {
    const path = join(scratch, 'shapes-classifier.safetensors');
    const settings = { model: shapesConfig(), training: { epochs: 1, batch: 32, learningRate: 1e-2, seed: 1 } };
    let loads = 0;
    const data = () => {
      loads++;
      return { train, test: firstImages(test, 50) };
    };
    const first = await cachedImageClassifier(path, settings, data, { quiet: true });
    const second = await cachedImageClassifier(path, settings, data, { quiet: true });
    expect([first.trained, second.trained, loads]).toEqual([true, false, 1]);
    expect(second.testAccuracy).toEqual(first.testAccuracy);
    expect(await classifyImages(second.classifier, test)).toEqual(await classifyImages(first.classifier, test));
    const retrained = await cachedImageClassifier(path, { ...settings, training: { ...settings.training, seed: 2 } }, data, { quiet: true });
    expect([retrained.trained, loads]).toEqual([true, 2]);
    for (const { classifier } of [first, second, retrained]) classifier.dispose();
  });

  it('checks the size of the images it is given', async () => {
    const model = new ImageClassifier(imageClassifierConfig({ height: 28, width: 28, channels: 1, heads: MNIST_ATTRIBUTE_HEADS }), new Rng(0));
    await expect(classifyImages(model, test)).rejects.toThrow(/takes 28×28×1 images, got 16×16×3/);
    model.dispose();
  });
});
