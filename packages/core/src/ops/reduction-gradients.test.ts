import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../test-support/backends.js';
import { Rng } from '../util/random.js';
import './reduction-gradients.js';

// d/dx Σ w ∘ reduce(x) is w spread over the reduced axes (÷ their size for the mean).
const CASES: Array<{ axis: number | number[] | undefined; keepDims: boolean }> = [
  { axis: -1, keepDims: false },
  { axis: [0, 2], keepDims: false },
  { axis: 1, keepDims: true },
  { axis: undefined, keepDims: false },
];

describe.each(['cpu', 'wasm'] as const)('Sum and Mean gradients on %s', (backend) => {
  it.each(CASES)('axis $axis keepDims $keepDims: dy spread over the reduced axes', async ({ axis, keepDims }) => {
    await useBackend(backend);
    const shape = [2, 3, 4];
    const rng = new Rng(5);
    const x = rng.normalTensor(shape);
    const before = tf.memory().numTensors;
    for (const reduce of [tf.sum, tf.mean]) {
      const axes = tf.util.parseAxisParam(axis ?? [0, 1, 2], shape);
      const kept = shape.map((s, i) => (axes.includes(i) ? 1 : s));
      const w = rng.normalTensor(keepDims ? kept : shape.filter((_, i) => !axes.includes(i)));
      const diff = tf.tidy(() => {
        const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reduce(t, axis, keepDims), w)))(x);
        const count = reduce === tf.mean ? axes.reduce((c, a) => c * (shape[a] as number), 1) : 1;
        const expected = tf.div(tf.broadcastTo(tf.reshape(w, kept), shape), count);
        expect(grad.shape).toEqual(shape);
        return tf.max(tf.abs(tf.sub(grad, expected))).dataSync()[0] as number;
      });
      expect(diff).toBeLessThan(1e-6);
      w.dispose();
    }
    x.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });
});
