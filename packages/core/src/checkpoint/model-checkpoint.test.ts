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

describe('model checkpoints', () => {
  beforeAll(() => useBackend('cpu'));

  it('save → load into a differently initialised model → identical outputs, config restored', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'model.safetensors');
    const source = new HybridStack(config, new Rng(1));
    const target = new HybridStack(config, new Rng(2));
    const x = new Rng(3).normalTensor([2, 5, 8]);
    await saveModel(path, source, config);
    expect(await loadModel(path, target)).toEqual(config);
    const [a, b] = [source.apply(x), target.apply(x)];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    source.dispose();
    target.dispose();
  });

  it('a checkpoint that disagrees with the model fails naming the tensor, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const model = new HybridStack(config, new Rng(1));
    const before = await model.parameters().get('layers.0.mixer.A_log')!.data();
    const params = Object.fromEntries(model.parameters());
    const wrongShape = join(dir, 'shape.safetensors');
    await saveSafetensors(wrongShape, { ...params, 'layers.0.mixer.A_log': tf.zeros([3]) });
    await expect(loadModel(wrongShape, model)).rejects.toThrow(/tensor 'layers\.0\.mixer\.A_log' has shape \[3\], the model expects \[4\]/);
    const missing = join(dir, 'missing.safetensors');
    const { ['layers.1.mixer.q_proj.weight']: _dropped, ...rest } = params;
    await saveSafetensors(missing, rest);
    await expect(loadModel(missing, model)).rejects.toThrow(/missing tensor 'layers\.1\.mixer\.q_proj\.weight'/);
    expect(Array.from(await model.parameters().get('layers.0.mixer.A_log')!.data())).toEqual(Array.from(before));
    model.dispose();
  });
});
