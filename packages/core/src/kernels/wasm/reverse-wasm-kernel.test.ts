import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { tfjsWasmKernel } from './replace-wasm-kernel.js';

/** x (row-major, `shape`) reversed along `axes`, index by index. */
function reverseReference(x: ArrayLike<number>, shape: number[], axes: number[]): number[] {
  const out = new Array<number>(x.length);
  for (let flat = 0; flat < x.length; flat++) {
    let rest = flat;
    let from = 0;
    let stride = 1;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const size = shape[axis] as number;
      const i = rest % size;
      rest = Math.floor(rest / size);
      from += (axes.includes(axis) ? size - 1 - i : i) * stride;
      stride *= size;
    }
    out[flat] = x[from] as number;
  }
  return out;
}

const SHAPES: [number[], number[][]][] = [
  [[7], [[0]]],
  [[3, 5], [[0], [1], [0, 1]]],
  [[2, 49, 40], [[1], [2], [0, 2], [0, 1, 2]]],
  [[2, 3, 4, 5], [[1, 3], [2], [0, 1, 2, 3]]],
];

describe('wasm Reverse (on the heap)', () => {
  beforeAll(() => initBackend('wasm'));

  it("replaces tfjs-backend-wasm's kernel", () => expect(tfjsWasmKernel('Reverse')).toBeDefined());

  for (const [shape, axesList] of SHAPES) {
    for (const axes of axesList) {
      it(`reverses [${shape}] along [${axes}] (float32, int32, bool; negative axes too)`, () => {
        const before = tf.memory().numTensors;
        const size = shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: size }, () => Math.round(Math.random() * 1000) - 500);
        const expected = reverseReference(values, shape, axes);
        tf.tidy(() => {
          expect(Array.from(tf.reverse(tf.tensor(values, shape), axes).dataSync())).toEqual(expected);
          expect(Array.from(tf.reverse(tf.tensor(values, shape, 'int32'), axes.map((a) => a - shape.length)).dataSync())).toEqual(expected);
          expect(Array.from(tf.reverse(tf.tensor(values.map((v) => v > 0), shape, 'bool'), axes).dataSync())).toEqual(expected.map((v) => (v > 0 ? 1 : 0)));
        });
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }

  it('reverses every axis when none is given, a scalar as itself, an empty tensor as empty', () => {
    tf.tidy(() => {
      expect(tf.reverse(tf.tensor2d([1, 2, 3, 4], [2, 2])).arraySync()).toEqual([[4, 3], [2, 1]]);
      expect(tf.reverse(tf.scalar(5)).arraySync()).toBe(5);
      expect(tf.reverse(tf.zeros([2, 0, 3]), 1).shape).toEqual([2, 0, 3]);
    });
  });

  it('gives the gradient of a reversal (its own reverse)', () => {
    const x = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const weights = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i * i), [2, 3, 4]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.reverse(t, 1), weights)))(x);
    expect(Array.from(g.dataSync())).toEqual(reverseReference(weights.dataSync(), [2, 3, 4], [1]));
    tf.dispose([x, weights, g]);
  });
});
