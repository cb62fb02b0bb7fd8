import { initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { DEFAULT_DEMO, trainDemo } from './train-demo.js';

it('the demo learns, repeats bit for bit with the same seed, and leaks no tensors', async () => {
  await initBackend('wasm');
  const config = { ...DEFAULT_DEMO, steps: 40, quiet: true };
  const before = tf.memory().numTensors;
  const first = await trainDemo(config);
  expect(tf.memory().numTensors).toBe(before);
  const second = await trainDemo(config);
  expect(second.losses).toEqual(first.losses);
  expect(first.evalAfter).toBeLessThan(0.8 * first.evalBefore);
  const third = await trainDemo({ ...config, seed: 1 });
  expect(third.losses).not.toEqual(first.losses);
});
