import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { goldenSuite } from '../test-support/golden-suite.js';
import { webgpuForTests } from '../test-support/backends.js';

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

  describe('scan goldens', () => {
    goldenSuite(['reference', 'chunked']);
  });
});
