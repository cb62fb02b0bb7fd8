import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RECALL_DEMO, recallGenerations, trainRecallDemo } from './recall-demo.js';

describe('the associative-recall demo', () => {
  beforeAll(() => initBackend('wasm'));

  it('lowers the loss, repeats with the same seed, generates through the caches like the full forward, and leaks nothing', async () => {
    const config = { ...DEFAULT_RECALL_DEMO, steps: 40, quiet: true };
    const before = tf.memory().numTensors;
    const first = await trainRecallDemo(config);
    expect(first.losses).toHaveLength(40);
    const head = first.losses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    const tail = first.losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(tail).toBeLessThan(head);
    expect(first.accuracyBefore).toBeGreaterThanOrEqual(0);
    expect(first.accuracyAfter).toBeLessThanOrEqual(1);
    expect(first.parameters.total).toBe(first.model.numParameters());
    const generations = await recallGenerations(first.model, first.task, new Rng(1), 2);
    expect(generations).toHaveLength(2);
    for (const g of generations) {
      expect(g.prompt).toMatch(/^([a-p]→[A-P] ){5}[a-p]→[A-P] \| [a-p]\?$/);
      expect(g.generated).toHaveLength(1);
      expect(g.expected).toMatch(/^[A-P]$/);
      expect(g.stepVsFull).toBeLessThan(1e-4);
    }
    first.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const second = await trainRecallDemo(config);
    second.model.dispose();
    expect(second.losses).toEqual(first.losses);
  });
});
