import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiffusionData } from '../data/diffusion-data.js';
import type { DiffusionSplits } from '../data/diffusion-data.js';
import { backboneConfig } from '../models/backbone-config.js';
import type { SampledImages } from '../sample/sample-images.js';
import { textToImageConfig } from '../train/text-to-image-config.js';
import { TextToImageModel } from '../train/text-to-image-model.js';
import { EVALUATION_CLASSIFIER_TRAINING, evaluationClassifierSettings, generationEvaluator, scoreGenerations, scoreSamples } from './score-generations.js';

const dir = mkdtempSync(join(tmpdir(), 'score-generations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let digits: DiffusionSplits;
beforeAll(async () => {
  await initBackend('wasm');
  digits = await loadDiffusionData('digits', { dataDir: dir, resolution: 16, trainCount: 640, testCount: 40 });
});

/** The real test images as if generated for their own captions. */
const realAsSamples = (splits: DiffusionSplits): SampledImages => ({ ...splits.test, prompts: splits.test.captions, msPerImage: 1 });

describe('generation scores', () => {
  it('trains the evaluation classifier once per dataset and data, then loads it', async () => {
    const path = join(dir, 'cache.safetensors');
    const first = await generationEvaluator(digits, path);
    const again = await generationEvaluator(digits, path);
    expect([first.classifierTrained, again.classifierTrained]).toEqual([true, false]);
    expect(again.classifierAccuracy).toEqual(first.classifierAccuracy);
    expect(first.classifierAccuracy.images).toBe(40);
    expect(first.realStatistics.columns).toBe(64);
    const other = await loadDiffusionData('digits', { dataDir: dir, resolution: 16, trainCount: 640, testCount: 40, seed: 1 });
    const retrained = await generationEvaluator(other, path);
    expect(retrained.classifierTrained).toBe(true);
    for (const evaluator of [first, again, retrained]) evaluator.dispose();
    const settings = evaluationClassifierSettings(digits);
    expect([settings.model.height, settings.model.channels, settings.training, settings.data]).toEqual([16, 1, EVALUATION_CLASSIFIER_TRAINING.digits, digits.description]);
  }, 30_000);

  it('scores the real test images as the classifier\'s own accuracy at Fréchet distance 0, and shuffled prompts lower', async () => {
    const evaluator = await generationEvaluator(digits, join(dir, 'real.safetensors'));
    const real = await scoreSamples(evaluator, realAsSamples(digits));
    expect(real.promptAccuracy).toBe(evaluator.classifierAccuracy.accuracy);
    expect(real.promptAccuracy).toBeGreaterThan(0.5);
    expect(real.perAttribute).toEqual(evaluator.classifierAccuracy.perAttribute);
    expect(real.frechetDistance).toBeCloseTo(0, 6);
    const rotated = [...digits.test.captions.slice(1), digits.test.captions[0]!];
    const mismatched = await scoreSamples(evaluator, { ...realAsSamples(digits), prompts: rotated });
    expect(mismatched.promptAccuracy).toBeLessThan(real.promptAccuracy - 0.3);
    const half = 20 * 16 * 16;
    const blank = await scoreSamples(evaluator, { ...realAsSamples(digits), images: new Float32Array(digits.test.images).fill(-1, 0, half) });
    expect(blank.frechetDistance).toBeGreaterThan(1);
    evaluator.dispose();
  }, 30_000);

  it('samples and scores a model deterministically, without leaking tensors; rejects one image or a foreign prompt', async () => {
    const evaluator = await generationEvaluator(digits, join(dir, 'real.safetensors'));
    const backbone = backboneConfig({ kind: 'dimba', preset: 'tiny', imageSize: 16, patch: 4 });
    const model = new TextToImageModel(textToImageConfig({ backbone, textLayers: 1 }), new Rng(0));
    const prompts = digits.test.captions.slice(0, 4);
    const options = { sampler: 'ddim', steps: 2, guidance: 3, seed: 1, samplesPerPrompt: 2 } as const;
    const before = tf.memory().numTensors;
    const first = await scoreGenerations(model, evaluator, prompts, options);
    const again = await scoreGenerations(model, evaluator, prompts, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(first.samples.count).toBe(8);
    expect(first.promptAccuracy).toBeGreaterThanOrEqual(0);
    expect(first.promptAccuracy).toBeLessThanOrEqual(1);
    expect(first.frechetDistance).toBeGreaterThan(0);
    expect(first.msPerImage).toBeGreaterThan(0);
    expect([again.promptAccuracy, again.frechetDistance, again.samples.images]).toEqual([first.promptAccuracy, first.frechetDistance, first.samples.images]);
    await expect(scoreGenerations(model, evaluator, prompts.slice(0, 1), { ...options, samplesPerPrompt: 1 })).rejects.toThrow(ArgumentError);
    await expect(scoreGenerations(model, evaluator, ['a red circle', prompts[0]!], options)).rejects.toThrow(/not one of the MNIST caption templates/);
    model.dispose();
    evaluator.dispose();
  }, 30_000);
});
