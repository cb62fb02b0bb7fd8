import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, initBackend, saveSafetensors } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaptionedImages } from '../data/image-batch.js';
import { backboneConfig } from '../models/backbone-config.js';
import { sampleImages } from '../sample/sample-images.js';
import type { SampleImagesOptions } from '../sample/sample-images.js';
import { diffusionEma, fitDiffusion } from '../train/fit-diffusion.js';
import { textToImageConfig } from '../train/text-to-image-config.js';
import { TextToImageModel } from '../train/text-to-image-model.js';
import { DIFFUSION_MODEL_FILES, loadDiffusionModel, saveDiffusionModel } from './saved-diffusion-model.js';
import type { DiffusionModelDescription } from './saved-diffusion-model.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'saved-diffusion-model-'));
const CONFIG = textToImageConfig({ backbone: backboneConfig({ kind: 'dimba', preset: 'tiny' }), textLayers: 1, diffusionSteps: 30 });
const tinyModel = () => new TextToImageModel(CONFIG, new Rng(1));
const DESCRIPTION: DiffusionModelDescription = { image: { height: 8, width: 8, channels: 1 }, data: { dataset: 'synthetic', images: 4 }, training: { steps: 3 } };
const SAMPLING: SampleImagesOptions = { sampler: 'ddim', steps: 3, guidance: 2, seed: 4 };
const PROMPTS = ['a', 'b'];

/** Four 8×8 grey images with random pixels. */
function randomImages(): CaptionedImages {
  const rng = new Rng(9);
  return { images: Float32Array.from({ length: 4 * 64 }, () => rng.uniform() * 2 - 1), count: 4, height: 8, width: 8, channels: 1, captions: ['a', 'b', 'a', 'b'] };
}

describe('saveDiffusionModel / loadDiffusionModel', () => {
  beforeAll(() => initBackend('wasm'));

  it('a round trip keeps the config, the weights and the EMA: identical samples from both, no leaks', async () => {
    const dir = tempDir();
    const source = tinyModel();
    const { ema } = await fitDiffusion(source, randomImages(), { steps: 3, batch: 2, learningRate: 1e-2, emaDecay: 0.5 }, { seed: 1, quiet: true });
    const expected = await sampleImages(source, PROMPTS, SAMPLING);
    const expectedEma = await sampleImages(source, PROMPTS, { ...SAMPLING, ema });
    expect(Array.from(expectedEma.images)).not.toEqual(Array.from(expected.images));
    await saveDiffusionModel(dir, source, ema, DESCRIPTION);
    ema.dispose();
    source.dispose();

    const before = tf.memory().numTensors;
    const loaded = await loadDiffusionModel(dir);
    expect(loaded.header).toEqual({ ...DESCRIPTION, config: CONFIG, emaUpdates: 3 });
    expect(loaded.ema.updates).toBe(3);
    expect(Array.from((await sampleImages(loaded.model, PROMPTS, SAMPLING)).images)).toEqual(Array.from(expected.images));
    expect(Array.from((await sampleImages(loaded.model, PROMPTS, { ...SAMPLING, ema: loaded.ema })).images)).toEqual(Array.from(expectedEma.images));
    loaded.ema.dispose();
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a missing directory, a missing file, a truncated file and a file of another format fail in one line naming the path, and leak nothing', async () => {
    const dir = tempDir();
    const model = tinyModel();
    const ema = diffusionEma(model);
    await saveDiffusionModel(join(dir, 'good'), model, ema, DESCRIPTION);
    await expect(saveDiffusionModel(join(dir, 'bad'), model, ema, { ...DESCRIPTION, image: { ...DESCRIPTION.image, channels: 3 } })).rejects.toThrow(
      'saveDiffusionModel: header image has 3 channels, the model generates 1',
    );
    ema.dispose();
    model.dispose();
    const bytes = readFileSync(join(dir, 'good', DIFFUSION_MODEL_FILES.model));
    mkdirSync(join(dir, 'truncated'));
    writeFileSync(join(dir, 'truncated', DIFFUSION_MODEL_FILES.model), bytes.subarray(0, bytes.length - 100));
    mkdirSync(join(dir, 'empty'));
    const weights = { w: tf.zeros([2]) };
    await saveSafetensors(join(dir, 'other', DIFFUSION_MODEL_FILES.model), weights, { format: 'hybridssm-model', config: '{}' });
    tf.dispose(weights);
    const before = tf.memory().numTensors;
    const oneLine = (pattern: RegExp) => expect.objectContaining({ message: expect.stringMatching(new RegExp(`^[^\\n]*${pattern.source}[^\\n]*$`)) });
    await expect(loadDiffusionModel(join(dir, 'nothing'))).rejects.toEqual(oneLine(/no model directory at .*nothing/));
    await expect(loadDiffusionModel(join(dir, 'empty'))).rejects.toEqual(oneLine(/empty has no model\.safetensors/));
    await expect(loadDiffusionModel(join(dir, 'truncated'))).rejects.toEqual(oneLine(/truncated.*model\.safetensors.*truncated/));
    await expect(loadDiffusionModel(join(dir, 'other'))).rejects.toEqual(oneLine(/other.*not a saved text-to-image model \(format "hybridssm-model"/));
    expect(tf.memory().numTensors).toBe(before);
  });
});
