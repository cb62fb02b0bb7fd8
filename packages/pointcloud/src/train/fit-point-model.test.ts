import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticShapes } from '../data/synthetic-shapes.js';
import { buildPointModel } from '../models/classifier.js';
import { voteLogits } from './evaluate-point-model.js';
import { fitPointModel } from './fit-point-model.js';

const clouds = syntheticShapes({ perClass: 4, points: 64, noise: 0.01, seed: 3, classes: ['sphere', 'cube'] }).clouds;
const config = { epochs: 2, batch: 4, learningRate: 3e-3 };
const tinyPointNet = () => buildPointModel('pointnet', { pointMlp: [8, 8, 8, 8, 16], headMlp: [8, 8], npoints: 64 }, 2, new Rng(1));

async function trainFor(epochs: number, checkpointPath?: string) {
  const model = tinyPointNet();
  const run = await fitPointModel(model, clouds, { ...config, epochs }, { seed: 2, quiet: true, ...(checkpointPath === undefined ? {} : { checkpointPath }) });
  return { model, run };
}

describe('fitPointModel', () => {
  beforeAll(() => initBackend('wasm'));

  it('resuming from the epoch checkpoint gives the uninterrupted run: same losses, same weights and BatchNorm statistics (same test logits)', async () => {
    const before = tf.memory().numTensors;
    const whole = await trainFor(2);
    const path = join(mkdtempSync(join(tmpdir(), 'fit-point-')), 'training.safetensors');
    (await trainFor(1, path)).model.dispose();
    const resumed = await trainFor(2, path);
    expect(resumed.run.resumedFrom).toBe(2);
    expect(resumed.run.losses).toEqual(whole.run.losses);
    const logits = async (m: typeof whole.model) => Array.from(await voteLogits(m, clouds, { numClasses: 2 }));
    expect(await logits(resumed.model)).toEqual(await logits(whole.model));
    whole.model.dispose();
    resumed.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
