import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddimSample } from '../diffusion/ddim-sampler.js';
import { ParameterEma } from '../diffusion/ema.js';
import { backboneConfig } from '../models/backbone-config.js';
import { textToImageConfig } from '../train/text-to-image-config.js';
import { TextToImageModel } from '../train/text-to-image-model.js';
import { sampleImages } from './sample-images.js';
import type { SampleImagesOptions } from './sample-images.js';

const PROMPTS = ['a seven', '', 'x'.repeat(10_000), '一只红色的猫 🐱'];
const DDIM: SampleImagesOptions = { sampler: 'ddim', steps: 4, guidance: 3, seed: 1 };

/** Puts small random values in every all-zero parameter (zero-initialised outputs and gates), so the model's output depends on its inputs. */
function perturbZeroParameters(model: TextToImageModel, rng: Rng): void {
  for (const variable of model.parameters().values()) {
    if (tf.tidy(() => tf.max(tf.abs(variable)).dataSync()[0]) === 0) variable.assign(tf.tidy(() => rng.normalTensor(variable.shape, 0.1)));
  }
}

describe('sampleImages', () => {
  let model: TextToImageModel;
  beforeAll(async () => {
    await initBackend('wasm');
    const rng = new Rng(2);
    model = new TextToImageModel(textToImageConfig({ backbone: backboneConfig({ kind: 'dimba', preset: 'tiny' }), textLayers: 1, diffusionSteps: 30 }), rng);
    perturbZeroParameters(model, rng);
  });
  afterAll(() => model.dispose());

  it('gives [n, h, w, c] in [−1, 1] for any prompt, the same per seed and different across seeds, with timing and no leaks', async () => {
    const before = tf.memory().numTensors;
    const first = await sampleImages(model, PROMPTS, DDIM);
    const again = await sampleImages(model, PROMPTS, DDIM);
    const other = await sampleImages(model, PROMPTS, { ...DDIM, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect([first.count, first.height, first.width, first.channels]).toEqual([4, 8, 8, 1]);
    expect(first.images).toHaveLength(4 * 8 * 8);
    expect(first.images.every((value) => value >= -1 && value <= 1)).toBe(true);
    expect(first.prompts).toEqual(PROMPTS);
    expect(first.msPerImage).toBeGreaterThan(0);
    expect(Array.from(again.images)).toEqual(Array.from(first.images));
    expect(Array.from(other.images)).not.toEqual(Array.from(first.images));
  });

  it('DDPM over all T steps and respaced, several images per prompt, another resolution', async () => {
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const full = await sampleImages(model, ['a', 'b'], { sampler: 'ddpm', steps: 30, guidance: 2, seed: 3, samplesPerPrompt: 2, onStep: ({ step }) => progress.push(step) });
    expect(progress).toHaveLength(30);
    expect(full.prompts).toEqual(['a', 'a', 'b', 'b']);
    const respaced = await sampleImages(model, ['a'], { sampler: 'ddpm', steps: 5, guidance: 2, seed: 3, height: 12, width: 8 });
    expect([respaced.count, respaced.height, respaced.width]).toEqual([1, 12, 8]);
    expect(respaced.images.every((value) => value >= -1 && value <= 1)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('guidance 1 is the conditional denoiser', async () => {
    const sampled = await sampleImages(model, PROMPTS, { ...DDIM, guidance: 1 });
    const text = model.textEncoder.encode(PROMPTS);
    const direct = ddimSample({ schedule: model.schedule, denoise: model.backbone.denoiser(text), shape: [4, 8, 8, 1], rng: new Rng(DDIM.seed), clipDenoised: true, steps: DDIM.steps });
    expect(Array.from(sampled.images)).toEqual(Array.from(direct.dataSync()));
    tf.dispose([direct, text.tokens, text.mask]);
    const guided = await sampleImages(model, PROMPTS, DDIM);
    expect(Array.from(guided.images)).not.toEqual(Array.from(sampled.images));
  });

  it('samples from the EMA when given one, and puts the trained weights back', async () => {
    const ema = new ParameterEma(model); // averages = the current weights
    const weight = model.parameters().get('backbone.final_layer.linear.weight') as tf.Variable;
    const original = weight.clone();
    const halved = tf.mul(original, 0.5);
    weight.assign(halved);
    halved.dispose();
    const fromWeights = await sampleImages(model, PROMPTS, DDIM);
    const fromEma = await sampleImages(model, PROMPTS, { ...DDIM, ema });
    expect(ema.swappedIn).toBe(false);
    expect(Array.from((await sampleImages(model, PROMPTS, DDIM)).images)).toEqual(Array.from(fromWeights.images));
    weight.assign(original);
    original.dispose();
    const fromOriginal = await sampleImages(model, PROMPTS, DDIM);
    expect(Array.from(fromEma.images)).toEqual(Array.from(fromOriginal.images));
    expect(Array.from(fromEma.images)).not.toEqual(Array.from(fromWeights.images));
    ema.dispose();
  });

  it('rejects bad options with an ArgumentError naming the option, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const cases: Array<[Partial<SampleImagesOptions>, RegExp]> = [
      [{ steps: 0 }, /argument 'steps' must be an integer in \[1, 30\]; got 0/],
      [{ steps: 31 }, /argument 'steps' must be an integer in \[1, 30\]; got 31/],
      [{ steps: 2.5 }, /argument 'steps'/],
      [{ guidance: Number.NaN }, /argument 'guidance' must be a finite number ≥ 0; got NaN/],
      [{ guidance: -1 }, /argument 'guidance' must be a finite number ≥ 0; got -1/],
      [{ eta: -0.5 }, /argument 'eta'/],
      [{ sampler: 'ddpm', steps: 30, eta: 1 }, /argument 'eta' must be left out with sampler 'ddpm'/],
      [{ sampler: 'euler' as 'ddim' }, /argument 'sampler' must be one of 'ddim', 'ddpm'/],
      [{ seed: -1 }, /argument 'seed'/],
      [{ samplesPerPrompt: 0 }, /argument 'samplesPerPrompt'/],
      [{ height: 7 }, /argument 'height' must be a positive multiple of the patch size 2/],
    ];
    for (const [options, message] of cases) {
      const attempt = sampleImages(model, PROMPTS, { ...DDIM, ...options });
      await expect(attempt).rejects.toThrow(ArgumentError);
      await expect(attempt).rejects.toThrow(message);
    }
    await expect(sampleImages(model, [], DDIM)).rejects.toThrow(/argument 'prompts' must be a non-empty array of strings/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
