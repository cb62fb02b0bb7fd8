import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from './model-checkpoint.js';
import { saveSafetensors } from './safetensors.js';
import { HybridStack } from '../models/hybrid-stack.js';
import type { HybridStackConfig } from '../models/hybrid-stack.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';

const config: HybridStackConfig = { dModel: 8, pattern: 'M*-', layers: { mamba2: { dState: 4, headdim: 4 }, attention: { numHeads: 2 } } };
const build = (saved: HybridStackConfig) => new HybridStack(saved, new Rng(2));
const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'ckpt-')), name);

describe('model checkpoints', () => {
  beforeAll(() => useBackend('cpu'));

  it('save → load builds the model from the saved config → identical outputs', async () => {
    const path = tempFile('model.safetensors');
    const source = new HybridStack(config, new Rng(1));
    const x = new Rng(3).normalTensor([2, 5, 8]);
    await saveModel(path, source, config);
    const loaded = await loadModel(path, build);
    expect(loaded.config).toEqual(config);
    const [a, b] = [source.apply(x), loaded.model.apply(x)];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    source.dispose();
    loaded.model.dispose();
  });

  it('a checkpoint without a config fails naming the path and saveModel, and builds nothing', async () => {
    const path = tempFile('bare.safetensors');
    const weights = { w: tf.zeros([2]) };
    await saveSafetensors(path, weights, { format: 'other' });
    tf.dispose(weights);
    let built = 0;
    const before = tf.memory().numTensors;
    const load = loadModel(path, (saved: HybridStackConfig) => (built++, build(saved)));
    await expect(load).rejects.toThrow(`checkpoint ${path}: no model config in __metadata__ (expected key 'config', found 'format'); loadModel reads checkpoints written by saveModel`);
    expect(built).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a checkpoint that disagrees with the built model fails naming the tensor, and leaks nothing', async () => {
    const source = new HybridStack(config, new Rng(1));
    const params = Object.fromEntries(source.parameters());
    const metadata = { config: JSON.stringify(config) };
    const wrongShape = tempFile('shape.safetensors');
    const wrongA = tf.zeros([3]);
    await saveSafetensors(wrongShape, { ...params, 'layers.0.mixer.A_log': wrongA }, metadata);
    const missing = tempFile('missing.safetensors');
    const { ['layers.1.mixer.q_proj.weight']: _dropped, ...rest } = params;
    await saveSafetensors(missing, rest, metadata);
    wrongA.dispose();
    source.dispose();

    const before = tf.memory().numTensors;
    await expect(loadModel(wrongShape, build)).rejects.toThrow(/tensor 'layers\.0\.mixer\.A_log' has shape \[3\], the model expects \[4\]/);
    await expect(loadModel(missing, build)).rejects.toThrow(/missing tensor 'layers\.1\.mixer\.q_proj\.weight'/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
