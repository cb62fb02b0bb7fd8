import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend, saveSafetensors } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeToUnitSphere } from '../geometry/normalize.js';
import { randomCloudBatch } from '../geometry/random-clouds.js';
import { namedBuffers } from '../models/batch-norm.js';
import { buildPointModel } from '../models/classifier.js';
import type { PointModel, PointModelName } from '../models/classifier.js';
import { disposeBatch, prepareBatch } from '../train/point-inputs.js';
import { POINT_MODEL_FILES, loadPointModel, savePointModel } from './saved-point-model.js';
import type { SavedPointModelHeader } from './saved-point-model.js';

const tiny: Record<'pointramba' | 'pointnet', object> = {
  pointramba: { transDim: 32, depth: 1, attentionDepth: 1, attentionNumHeads: 2, dState: 4, numGroups: 8, groupSize: 8, npoints: 64 },
  pointnet: { pointMlp: [16, 32], headMlp: [16], npoints: 64 },
};
const CLASSES = ['a', 'b', 'c'];
const clouds = normalizeToUnitSphere(randomCloudBatch(3, 4, 64));
const tempDir = () => mkdtempSync(join(tmpdir(), 'saved-point-model-'));

function logitsOf(model: PointModel): Float32Array {
  const { batch } = prepareBatch(model, clouds);
  const output = model.apply(batch);
  const values = output.logits.dataSync() as Float32Array;
  tf.dispose(Object.values(output).filter((t): t is tf.Tensor => t !== undefined));
  disposeBatch(batch);
  return values;
}

/** A model whose BatchNorm running statistics have moved off their initial values (one training-mode pass). */
function trainedModel(name: 'pointramba' | 'pointnet'): PointModel {
  const model = buildPointModel(name, tiny[name], CLASSES.length, new Rng(1));
  model.setTraining(true);
  logitsOf(model);
  model.setTraining(false);
  return model;
}

/**
 * Tensors that `run` leaves behind. Building and disposing a model is the baseline a load is compared
 * with: what construction itself leaves (BatchNorm1d's initial buffer values, when this was written) is
 * not the loader's.
 */
function tensorsLeftBy(run: () => void): number {
  const before = tf.memory().numTensors;
  run();
  return tf.memory().numTensors - before;
}

const headerOf = (name: PointModelName, model: PointModel): SavedPointModelHeader => ({
  model: name,
  config: model.config as SavedPointModelHeader['config'],
  classes: CLASSES,
  data: { dataset: 'synthetic', perClass: 4 },
});

describe('savePointModel / loadPointModel', () => {
  beforeAll(() => initBackend('wasm'));

  for (const name of ['pointramba', 'pointnet'] as const) {
    it(`${name}: a round trip keeps the running statistics and gives identical eval-mode logits, without leaks`, async () => {
      const dir = tempDir();
      const source = trainedModel(name);
      const means = [...namedBuffers(source)].filter(([key]) => key.endsWith('running_mean'));
      expect(means.length).toBeGreaterThan(0);
      expect(means.some(([, v]) => v.dataSync().some((x) => x !== 0))).toBe(true);
      const expected = logitsOf(source);
      const header = headerOf(name, source);
      await savePointModel(dir, source, header);
      source.dispose();
      const buildLeak = tensorsLeftBy(() => buildPointModel(name, tiny[name], CLASSES.length, new Rng(0)).dispose());
      const before = tf.memory().numTensors;
      const loaded = await loadPointModel(dir);
      expect(loaded.header).toEqual(header);
      expect(loaded.model.training).toBe(false);
      expect(Array.from(logitsOf(loaded.model))).toEqual(Array.from(expected));
      loaded.model.dispose();
      expect(tf.memory().numTensors - before).toBe(buildLeak);
    });
  }

  it('a missing directory, a missing file, a truncated file and a file of another format fail in one line naming the path, and leak nothing', async () => {
    const dir = tempDir();
    const model = trainedModel('pointnet');
    await savePointModel(join(dir, 'good'), model, headerOf('pointnet', model));
    model.dispose();
    const bytes = readFileSync(join(dir, 'good', POINT_MODEL_FILES.model));
    mkdirSync(join(dir, 'truncated'));
    writeFileSync(join(dir, 'truncated', POINT_MODEL_FILES.model), bytes.subarray(0, 200));
    mkdirSync(join(dir, 'empty'));
    const weights = { w: tf.zeros([2]) };
    await saveSafetensors(join(dir, 'other', POINT_MODEL_FILES.model), weights, { format: 'hybridssm-model', config: '{}' });
    tf.dispose(weights);
    const before = tf.memory().numTensors;
    const oneLine = (pattern: RegExp) => expect.objectContaining({ message: expect.stringMatching(new RegExp(`^[^\\n]*${pattern.source}[^\\n]*$`)) });
    await expect(loadPointModel(join(dir, 'nothing'))).rejects.toEqual(oneLine(/no model directory at .*nothing/));
    await expect(loadPointModel(join(dir, 'empty'))).rejects.toEqual(oneLine(/empty has no model\.safetensors/));
    await expect(loadPointModel(join(dir, 'truncated'))).rejects.toEqual(oneLine(/truncated.*model\.safetensors/));
    await expect(loadPointModel(join(dir, 'other'))).rejects.toEqual(oneLine(/other.*not a saved point-cloud model \(format "hybridssm-model"/));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a header whose class count disagrees with the model', async () => {
    const model = trainedModel('pointnet');
    await expect(savePointModel(tempDir(), model, { ...headerOf('pointnet', model), classes: ['a', 'b'] })).rejects.toThrow(
      'savePointModel: header has 2 classes, the model predicts 3',
    );
    model.dispose();
  });
});
