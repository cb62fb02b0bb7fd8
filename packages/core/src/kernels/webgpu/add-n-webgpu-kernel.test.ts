import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from '../../train/clip-grad-norm.js';
import { Rng } from '../../util/random.js';
import { useBackend, webgpuForTests } from '../../test-support/backends.js';
import { FORWARD_TOLERANCE, relativeError } from '../../test-support/compare.js';

// Runs on any WebGPU adapter (Mesa lavapipe on CPU machines); skipped without one unless
// HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const available = await webgpuForTests();

/** Float32 values of tensors made on the cpu backend, summed there. */
function cpuSum(values: Float32Array[], shape: number[]): Float32Array {
  const total = new Float32Array(values[0]?.length ?? 0);
  for (const v of values) v.forEach((x, i) => (total[i] = (total[i] as number) + x));
  expect(total.length).toBe(shape.reduce((a, b) => a * b, 1));
  return total;
}

describe.skipIf(!available)('AddN on webgpu, at most 7 inputs per program', () => {
  beforeAll(() => useBackend('webgpu'));

  for (const count of [2, 7, 8, 50, 69]) {
    it(`adds ${count} tensors as the cpu sum does, without leaks`, async () => {
      const rng = new Rng(count);
      const shape = [3, 5];
      const values = Array.from({ length: count }, () => Float32Array.from({ length: 15 }, () => rng.normal()));
      const inputs = values.map((v) => tf.tensor(v, shape));
      const before = tf.memory().numTensors;
      const sum = tf.addN(inputs);
      expect(sum.shape).toEqual(shape);
      expect(relativeError(await sum.data(), cpuSum(values, shape))).toBeLessThan(FORWARD_TOLERANCE);
      sum.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(inputs);
    });
  }

  it('clipByGlobalNorm over 69 gradients (a PoinTramba) gets the norm right', async () => {
    const grads = Object.fromEntries(Array.from({ length: 69 }, (_, i) => [`p${i}`, tf.fill([4], 0.5)]));
    const { grads: clipped, norm } = await clipByGlobalNorm(grads, 1);
    expect(norm).toBeCloseTo(Math.sqrt(69 * 4 * 0.25), 4);
    tf.dispose([...Object.values(grads), ...Object.values(clipped)]);
  });
});
