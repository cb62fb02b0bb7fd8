import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaptionedImages } from '../data/image-batch.js';
import type { ParameterEma } from '../diffusion/ema.js';
import { backboneConfig } from '../models/backbone-config.js';
import { diffusionBatchIndices } from './diffusion-batches.js';
import { fitDiffusion } from './fit-diffusion.js';
import type { DiffusionFitConfig, DiffusionFitOptions } from './fit-diffusion.js';
import { textToImageConfig } from './text-to-image-config.js';
import { TextToImageModel } from './text-to-image-model.js';

const SIDE = 8;

/** Eight 8×8 grey images of two classes: the left half bright ("left"), or the top half bright ("top"). */
function twoClasses(): CaptionedImages {
  const images = new Float32Array(8 * SIDE * SIDE);
  const captions: string[] = [];
  for (let n = 0; n < 8; n++) {
    const left = n % 2 === 0;
    captions.push(left ? 'left' : 'top');
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) images[(n * SIDE + y) * SIDE + x] = (left ? x < SIDE / 2 : y < SIDE / 2) ? 1 : -1;
    }
  }
  return { images, count: 8, height: SIDE, width: SIDE, channels: 1, captions };
}

const tinyModel = () => new TextToImageModel(textToImageConfig({ backbone: backboneConfig({ kind: 'dimba', preset: 'tiny' }), textLayers: 1 }), new Rng(1));

const values = (variables: Record<string, tf.Tensor> | Map<string, tf.Tensor>): Record<string, number[]> =>
  Object.fromEntries([...(variables instanceof Map ? variables : Object.entries(variables))].map(([name, v]) => [name, Array.from(v.dataSync())]));

async function fit(config: Partial<DiffusionFitConfig>, options: Partial<DiffusionFitOptions> = {}) {
  const model = tinyModel();
  const { run, ema } = await fitDiffusion(model, twoClasses(), { steps: 4, batch: 4, learningRate: 3e-3, emaDecay: 0.9, ...config }, { seed: 5, quiet: true, ...options });
  const result = { losses: run.losses, resumedFrom: run.resumedFrom, weights: values(model.parameters()), averages: values(ema.namedTensors()), updates: ema.updates };
  ema.dispose();
  model.dispose();
  return result;
}

describe('fitDiffusion', () => {
  beforeAll(() => initBackend('wasm'));

  it('batches depend on (seed, step) only, and each epoch visits every image once', () => {
    const epoch = [0, 1, 2, 3].flatMap((step) => diffusionBatchIndices(10, 3, step, 4));
    expect(new Set(epoch.slice(0, 9)).size).toBe(9);
    expect(diffusionBatchIndices(10, 3, 2, 4)).toEqual(epoch.slice(6, 9));
    expect(diffusionBatchIndices(10, 3, 3, 4)).not.toEqual(diffusionBatchIndices(10, 3, 0, 4));
    expect(diffusionBatchIndices(10, 3, 0, 5)).not.toEqual(diffusionBatchIndices(10, 3, 0, 4));
  });

  it('the loss falls over 30 steps on two classes of constant images, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const { losses } = await fit({ steps: 30, batch: 8, learningRate: 1e-2, warmupSteps: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const mean = (part: number[]) => part.reduce((a, b) => a + b, 0) / part.length;
    expect(losses).toHaveLength(30);
    expect(mean(losses.slice(-8))).toBeLessThan(0.5 * mean(losses.slice(0, 8)));
  });

  it('resumes exactly: 2 steps, then 2 more from the checkpoint, equal 4 uninterrupted (losses, weights, EMA)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-diffusion-'));
    const checkpointPath = join(dir, 'training.safetensors');
    const logPath = join(dir, 'train.jsonl');
    const whole = await fit({});
    const stopAtTwo: Partial<DiffusionFitOptions> = { evaluate: async () => ({}), evalEvery: 2, stopWhen: (run) => run.step >= 2 };
    const first = await fit({}, { checkpointPath, logPath, ...stopAtTwo });
    expect(first.losses).toEqual(whole.losses.slice(0, 2));
    const resumed = await fit({}, { checkpointPath, logPath });
    expect(resumed.resumedFrom).toBe(2);
    expect(resumed.losses).toEqual(whole.losses);
    expect(resumed.weights).toEqual(whole.weights);
    expect(resumed.averages).toEqual(whole.averages);
    expect(resumed.updates).toBe(4);
    expect(resumed.averages).not.toEqual(Object.fromEntries(Object.entries(whole.weights).map(([name, v]) => [`ema.${name}`, v])));
    const logged = readFileSync(logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { step: number; loss?: number });
    expect(logged.filter((record) => record.loss !== undefined).map((record) => record.loss)).toEqual(whole.losses);
    // a rerun of the finished run: nothing left to train, the same averages and update count
    const finished = await fit({}, { checkpointPath });
    expect(finished.resumedFrom).toBe(4);
    expect(finished.averages).toEqual(whole.averages);
    expect(finished.updates).toBe(4);
  });

  it('evaluates with the EMA, and rejects bad arguments naming them', async () => {
    const seen: number[] = [];
    const evaluate = async (ema: ParameterEma) => {
      seen.push(ema.updates);
      return { updates: ema.updates };
    };
    await fit({ steps: 2 }, { evaluate, evalEvery: 1 });
    expect(seen).toEqual([1, 2]);
    const model = tinyModel();
    const data = twoClasses();
    const config = { steps: 2, batch: 4, learningRate: 1e-3 };
    await expect(fitDiffusion(model, data, { ...config, batch: 9 }, { seed: 1 })).rejects.toThrow(/argument 'batch' must be an integer in \[1, 8\]/);
    await expect(fitDiffusion(model, data, { ...config, emaDecay: 2 }, { seed: 1 })).rejects.toThrow(ArgumentError);
    await expect(fitDiffusion(model, { ...data, channels: 3 }, config, { seed: 1 })).rejects.toThrow(/'data.channels' must be the model's 1/);
    await expect(fitDiffusion(model, { ...data, captions: ['a'] }, config, { seed: 1 })).rejects.toThrow(/'data.captions' must be one caption per image/);
    model.dispose();
  });
});
