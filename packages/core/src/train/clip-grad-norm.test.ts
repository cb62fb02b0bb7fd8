import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip-grad-norm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Global norm sqrt(3² + 4² + 12²) = 13. */
function pythagoreanGrads(): Record<string, tf.Tensor> {
  return { 'a.weight': tf.tensor2d([3, 0, 0, 4], [2, 2]), 'b.bias': tf.tensor1d([12]) };
}

describe('clipByGlobalNorm', () => {
  it('computes the global L2 norm over all gradients', async () => {
    const grads = pythagoreanGrads();
    const result = await clipByGlobalNorm(grads, 100);
    expect(result.norm).toBeCloseTo(13, 5);
    tf.dispose([...Object.values(grads), ...Object.values(result.grads)]);
  });

  it('returns unscaled clones when the norm is within maxNorm', async () => {
    const grads = pythagoreanGrads();
    const result = await clipByGlobalNorm(grads, 14);
    expect(Object.keys(result.grads)).toEqual(['a.weight', 'b.bias']);
    expect(result.grads['a.weight']).not.toBe(grads['a.weight']);
    tf.dispose(Object.values(grads));
    // still readable after the inputs are disposed
    expect(Array.from(result.grads['a.weight']!.dataSync())).toEqual([3, 0, 0, 4]);
    expect(Array.from(result.grads['b.bias']!.dataSync())).toEqual([12]);
    tf.dispose(Object.values(result.grads));
  });

  it('scales every gradient by maxNorm / (norm + 1e-6) above maxNorm', async () => {
    const grads = pythagoreanGrads();
    const result = await clipByGlobalNorm(grads, 6.5);
    const scale = 6.5 / (13 + 1e-6);
    const clippedA = result.grads['a.weight']!.dataSync();
    [3, 0, 0, 4].forEach((g, i) => expect(clippedA[i]).toBeCloseTo(g * scale, 6));
    expect(result.grads['b.bias']!.dataSync()[0]).toBeCloseTo(12 * scale, 6);
    const after = await clipByGlobalNorm(result.grads, 100);
    expect(after.norm).toBeCloseTo(6.5, 5);
    expect(result.norm).toBeCloseTo(13, 5);
    tf.dispose([...Object.values(grads), ...Object.values(result.grads), ...Object.values(after.grads)]);
  });

  it('handles no gradients', async () => {
    expect(await clipByGlobalNorm({}, 1)).toEqual({ grads: {}, norm: 0 });
  });

  it('rejects a non-positive maxNorm by name', async () => {
    const grads = pythagoreanGrads();
    for (const maxNorm of [0, -1, Number.NaN]) {
      await expect(clipByGlobalNorm(grads, maxNorm)).rejects.toThrow(/maxNorm/);
    }
    tf.dispose(Object.values(grads));
  });

  it('leaves only the returned tensors allocated', async () => {
    const grads = pythagoreanGrads();
    for (const maxNorm of [1, 100]) {
      const before = tf.memory().numTensors;
      const result = await clipByGlobalNorm(grads, maxNorm);
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose(Object.values(result.grads));
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose(Object.values(grads));
  });
});
