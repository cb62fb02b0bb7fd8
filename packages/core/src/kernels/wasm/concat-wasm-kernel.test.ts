import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onCpuThenWasm, useBackend } from '../../test-support/backends.js';
import { Rng } from '../../util/random.js';
import { copyHeapModule } from './copy-runs-wasm.js';

const CASES: Array<{ shapes: number[][]; axis: number }> = [
  { shapes: [[3], [5], [1]], axis: 0 },
  { shapes: [[4, 2], [4, 7], [4, 1]], axis: 1 }, // the gradient of Mamba-2's split of in_proj's output joins rows of three widths
  { shapes: [[2, 3, 5], [2, 4, 5]], axis: 1 },
  { shapes: [[2, 3, 5], [1, 3, 5], [3, 3, 5]], axis: 0 },
  { shapes: [[2, 3, 4, 2], [2, 3, 4, 3]], axis: -1 },
  { shapes: [[2, 0, 3], [2, 4, 3]], axis: 1 }, // an empty input
];

describe('wasm Concat on the heap', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await useBackend('wasm');
  });

  it('copies with build/copy-kernels.wasm (the package is built)', () => {
    expect(copyHeapModule()).toBeDefined();
  });

  it.each(CASES)('concat of $shapes along $axis equals the cpu backend (float32, int32, bool)', async ({ shapes, axis }) => {
    const rng = new Rng(shapes.length + axis + 7);
    const values = shapes.map((shape) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()));
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const typed = values.map((v) => (dtype === 'float32' ? v : dtype === 'int32' ? Int32Array.from(v, (x) => Math.round(100 * x)) : Uint8Array.from(v, (x) => (x > 0 ? 1 : 0))));
      const expected = await onCpuThenWasm(() => {
        const ts = typed.map((v, i) => tf.tensor(v, shapes[i], dtype));
        const out = tf.concat(ts, axis);
        const result = { shape: out.shape, data: Array.from(out.dataSync()) };
        tf.dispose([...ts, out]);
        return result;
      });
      const before = tf.memory().numTensors;
      const ts = typed.map((v, i) => tf.tensor(v, shapes[i], dtype));
      const out = tf.concat(ts, axis);
      expect(out.shape).toEqual(expected.shape);
      expect(out.dtype).toBe(dtype);
      expect(Array.from(out.dataSync())).toEqual(expected.data);
      tf.dispose([...ts, out]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('keeps gradients: the gradient of a concat slices its cotangent', () => {
    const a = tf.ones([2, 2]), b = tf.ones([2, 3]);
    const weights = tf.tensor2d([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y], 1), weights)))([a, b]);
    expect(Array.from((ga as tf.Tensor).dataSync())).toEqual([1, 2, 6, 7]);
    expect(Array.from((gb as tf.Tensor).dataSync())).toEqual([3, 4, 5, 8, 9, 10]);
    tf.dispose([a, b, weights, ga, gb] as tf.Tensor[]);
  });
});
