import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectiveScan } from './selective-scan.js';
import { ssdScan } from './ssd-scan.js';
import { selectiveScanStep, ssdStep } from './scan-step.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { randomCotangents, randomSelectiveInputs, randomSsdInputs } from '../test-support/random-inputs.js';
import { scanWithGrads } from '../test-support/scan-harness.js';

describe('no tensor leaks (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  for (const impl of ['reference', 'chunked'] as const) {
    it(`selectiveScan and ssdScan (${impl}): forward+backward inside tf.tidy leaves no tensor behind`, () => {
      const rng = new Rng(1);
      const sel = randomSelectiveInputs(rng, { b: 1, l: 70, d: 4, n: 3, g: 2 });
      const ssd = randomSsdInputs(rng, { b: 1, l: 70, h: 4, p: 2, n: 3, g: 2 });
      const selCot = randomCotangents(rng, [1, 70, 4], [1, 4, 3]);
      const ssdCot = randomCotangents(rng, [1, 70, 4, 2], [1, 4, 2, 3]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        scanWithGrads((i) => selectiveScan(i as never, { impl, chunkSize: 32 }), sel, selCot, Object.keys(sel));
        scanWithGrads((i) => ssdScan(i as never, { impl, chunkSize: 32 }), ssd, ssdCot, Object.keys(ssd));
      });
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`selectiveScan and ssdScan (${impl}) return exactly their two outputs and keep no intermediates`, () => {
      const rng = new Rng(2);
      const sel = randomSelectiveInputs(rng, { b: 1, l: 70, d: 4, n: 3, g: 0 });
      const ssd = randomSsdInputs(rng, { b: 1, l: 70, h: 4, p: 2, n: 3, g: 1 });
      const before = tf.memory().numTensors;
      const a = selectiveScan(sel as never, { impl });
      const b = ssdScan(ssd as never, { impl });
      expect(tf.memory().numTensors).toBe(before + 4);
      tf.dispose([a.y, a.state, b.y, b.state]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('decode steps return exactly their two outputs', () => {
    const rng = new Rng(3);
    const state = rng.normalTensor([2, 4, 3]);
    const u = rng.normalTensor([2, 4]);
    const delta = rng.normalTensor([2, 4]);
    const A = rng.uniformTensor([4, 3], -2, -0.5);
    const B = rng.normalTensor([2, 3]);
    const x = rng.normalTensor([2, 4, 2]);
    const dt = rng.normalTensor([2, 4]);
    const Ah = rng.uniformTensor([4], -2, -0.5);
    const Bg = rng.normalTensor([2, 1, 3]);
    const ssdState = rng.normalTensor([2, 4, 2, 3]);
    const before = tf.memory().numTensors;
    const a = selectiveScanStep({ u, delta, A, B, C: B, state });
    const b = ssdStep({ x, dt, A: Ah, B: Bg, C: Bg, state: ssdState });
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.dispose([a.y, a.state, b.y, b.state]);
  });
});
