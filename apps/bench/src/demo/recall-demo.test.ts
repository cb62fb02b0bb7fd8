import { Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { generateRecall } from './generate-recall.js';
import { DEFAULT_RECALL_DEMO, trainRecallDemo } from './train-recall.js';

it('the demo learns, repeats bit for bit with the same seed, generates through step() like apply(), and leaks nothing', async () => {
  await initBackend('wasm');
  const config = { ...DEFAULT_RECALL_DEMO, steps: 30, batch: 16, quiet: true };
  const before = tf.memory().numTensors;
  const first = await trainRecallDemo(config);
  const generation = await generateRecall(first.model, config.task, new Rng(1));
  expect(generation.stepVsApply).toBeLessThan(1e-5);
  first.model.dispose();
  expect(tf.memory().numTensors).toBe(before);
  const second = await trainRecallDemo(config);
  second.model.dispose();
  expect(second.losses).toEqual(first.losses);
  expect(first.losses.at(-1)).toBeLessThan(first.losses[0] as number);
});
