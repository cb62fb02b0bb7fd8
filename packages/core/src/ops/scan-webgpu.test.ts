import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { goldenSuite } from '../test-support/golden-suite.js';
import { webgpuForTests } from '../test-support/backends.js';
import { scanChunkTunings } from './chunk-size.js';
import { SelectiveScan } from './kernel-names.js';
import { selectiveScan } from './selective-scan.js';

// Runs on any WebGPU adapter; on CPU machines (CI) that is Mesa lavapipe, installed by .ci/run.
const available = await webgpuForTests();

describe.skipIf(!available)('webgpu backend', () => {
  it('initBackend("webgpu") reports the adapter in its one line', async () => {
    const info = await initBackend('webgpu');
    expect(info).toMatchObject({ requested: 'webgpu', backend: 'webgpu', fellBack: false });
    expect(info.adapter?.software).toBe(info.adapter?.architecture === 'software');
    expect(info.message).toMatch(/^backend: webgpu, adapter .+ \(requested\)$/);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it("auto without a fused kernel runs chunked at the default size: no tuning, which would need a synchronous read", async () => {
    await initBackend('webgpu');
    expect(tf.getKernel(SelectiveScan, 'webgpu')).toBeUndefined(); // this file registers no kernels
    const inputs = { u: tf.ones([1, 40, 2]), delta: tf.zeros([1, 40, 2]), A: tf.fill([2, 3], -1), B: tf.ones([1, 40, 3]), C: tf.ones([1, 40, 3]) };
    const before = tf.memory().numTensors;
    const { y, state } = selectiveScan(inputs);
    expect(Array.from(await y.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([y, state]);
    expect(scanChunkTunings().filter((t) => t.backend === 'webgpu')).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
  });

  describe('scan goldens', () => {
    goldenSuite(['reference', 'chunked']);
  });
});
