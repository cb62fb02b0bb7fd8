import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig } from '../models/lm-config.js';
import { mqarTask } from '../tasks/mqar.js';
import { evaluateTask } from './evaluate-lm.js';
import { fitLanguageModel } from './fit-lm.js';
import { taskBatches } from './lm-batch.js';

const task = mqarTask({ keys: 8, values: 8, pairs: 3, queries: 2 });
const config = lmConfig({ preset: 'tiny', architecture: 'mamba2-hybrid', vocabSize: task.vocabSize });
const FIT = { steps: 6, learningRate: 3e-3, evalEvery: 3 };

describe('fitLanguageModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-fit-'));
  beforeAll(() => initBackend('wasm'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(checkpointPath: string, stopAt?: number): Promise<number[]> {
    const model = new LanguageModel(config, new Rng(1));
    const batches = taskBatches(task, 4, 100);
    const result = await fitLanguageModel(model, FIT, {
      batches: (step) => batches(step),
      evaluate: async () => ({ accuracy: (await evaluateTask(model, task, { examples: 4, batch: 4, seed: 9 })).answerAccuracy }),
      checkpointPath,
      quiet: true,
      ...(stopAt === undefined ? {} : { stopWhen: (progress) => progress.step >= stopAt }),
    });
    model.dispose();
    return result.losses;
  }

  it('resumes from a checkpoint taken mid-run to the same loss curve, without leaks', async () => {
    const before = tf.memory().numTensors;
    const straight = await run(join(dir, 'straight.safetensors'));
    expect(straight).toHaveLength(6);
    const resumedPath = join(dir, 'resumed.safetensors');
    const firstHalf = await run(resumedPath, 3);
    expect(firstHalf).toHaveLength(3);
    const resumed = await run(resumedPath);
    expect(resumed).toHaveLength(6);
    resumed.forEach((loss, i) => expect(loss).toBeCloseTo(straight[i] as number, 5));
    expect(tf.memory().numTensors).toBe(before);
  });
});
