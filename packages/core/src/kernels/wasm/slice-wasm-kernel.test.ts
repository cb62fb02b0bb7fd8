import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onCpuThenWasm, useBackend } from '../../test-support/backends.js';
import { Rng } from '../../util/random.js';

const CASES: Array<{ shape: number[]; begin: number[]; size: number[] }> = [
  { shape: [10], begin: [3], size: [4] },
  { shape: [4, 7], begin: [1, 2], size: [2, 5] },
  { shape: [3, 9, 5], begin: [0, 2, 0], size: [3, 6, 5] }, // the causal conv's shifted window: whole rows
  { shape: [3, 9, 5], begin: [1, 0, 1], size: [2, 9, 3] },
  { shape: [2, 3, 4, 6], begin: [0, 1, 0, 2], size: [2, 2, 4, 3] },
  { shape: [2, 2, 3, 2, 5], begin: [1, 0, 1, 0, 1], size: [1, 2, 2, 2, 4] }, // rank 5: tfjs's generic path
  { shape: [4, 5], begin: [0, 0], size: [0, 5] },
];

describe('wasm Slice and SplitV on the heap', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await useBackend('wasm');
  });

  it.each(CASES)('slice $shape at $begin size $size equals the cpu backend (float32, int32, bool)', async ({ shape, begin, size }) => {
    const values = new Rng(shape.length).normalTensor(shape);
    const data = values.dataSync() as Float32Array;
    values.dispose();
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const typed = dtype === 'int32' ? Int32Array.from(data, (v) => Math.round(100 * v)) : dtype === 'bool' ? Uint8Array.from(data, (v) => (v > 0 ? 1 : 0)) : data;
      const expected = await onCpuThenWasm(() => {
        const t = tf.tensor(typed, shape, dtype);
        const out = tf.slice(t, begin, size);
        const result = Array.from(out.dataSync());
        tf.dispose([t, out]);
        return result;
      });
      const before = tf.memory().numTensors;
      const x = tf.tensor(typed, shape, dtype);
      const y = tf.slice(x, begin, size);
      expect(y.shape).toEqual(size);
      expect(y.dtype).toBe(dtype);
      expect(Array.from(y.dataSync())).toEqual(expected);
      tf.dispose([x, y]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('split along the last and a middle axis equals the cpu backend', async () => {
    const x = new Rng(9).normalTensor([2, 5, 11]);
    const data = x.dataSync() as Float32Array;
    for (const [sizes, axis] of [[[4, 6, 1], -1], [[2, 3], 1]] as const) {
      const expected = await onCpuThenWasm(() => {
        const t = tf.tensor(data, [2, 5, 11]);
        const parts = tf.split(t, [...sizes], axis);
        const result = parts.map((p) => Array.from(p.dataSync()));
        tf.dispose([t, ...parts]);
        return result;
      });
      const parts = tf.split(x, [...sizes], axis);
      expect(parts.map((p) => Array.from(p.dataSync()))).toEqual(expected);
      tf.dispose(parts);
    }
    x.dispose();
  });

  it('keeps gradients: the gradient of a slice pads its cotangent', () => {
    const x = tf.ones([3, 4]);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.slice(t, [1, 1], [2, 2]), 2)))(x);
    expect(Array.from(grad.dataSync())).toEqual([0, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2, 0]);
    tf.dispose([x, grad]);
  });
});
