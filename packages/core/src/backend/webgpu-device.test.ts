import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend, webgpuForTests } from '../test-support/backends.js';
import { throwIfWebGpuFailed, webgpuBindingLimit } from './webgpu-device.js';

// Runs on any WebGPU adapter (Mesa lavapipe on CPU machines); skipped without one unless
// HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const available = await webgpuForTests();

describe('webgpu device errors', () => {
  it('no binding limit off webgpu, and nothing to throw', async () => {
    await useBackend('wasm');
    expect(webgpuBindingLimit()).toBeUndefined();
    expect(() => throwIfWebGpuFailed('test')).not.toThrow();
  });

  describe.skipIf(!available)('on webgpu', () => {
    beforeAll(() => useBackend('webgpu'));

    it('reports the binding limit', () => {
      expect(webgpuBindingLimit()).toBeGreaterThanOrEqual(2 ** 27); // WebGPU's guaranteed minimum, 128 MiB
    });

    // lavapipe binds 128 MiB; a GPU that binds more than 512 MiB would need a tensor too large for a unit test
    it.skipIf(available && (webgpuBindingLimit() ?? 0) > 2 ** 29)('an op over the binding limit fails loudly once, naming the limit; the device works on', async () => {
      const limit = webgpuBindingLimit() as number;
      const before = tf.memory().numTensors;
      const big = tf.fill([limit / 4 + 1024], 1);
      const sum = tf.tidy(() => tf.sum(tf.add(big, 1)));
      await sum.data(); // garbage: the invalid command buffer was skipped
      expect(() => throwIfWebGpuFailed('a big sum')).toThrow(new RegExp(`^a big sum: the webgpu device reported an error, so its results are invalid: .*; this device binds at most ${limit} bytes per buffer: use smaller`));
      expect(() => throwIfWebGpuFailed('again')).not.toThrow();
      tf.dispose([big, sum]);
      const small = tf.tidy(() => tf.sum(tf.fill([1000], 2)));
      expect((await small.data())[0]).toBe(2000);
      throwIfWebGpuFailed('a small sum');
      small.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
