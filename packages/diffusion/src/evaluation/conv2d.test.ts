import { Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const [BATCH, HEIGHT, WIDTH, IN, OUT, KERNEL] = [2, 5, 4, 2, 3, 3];
const PAD = (KERNEL - 1) / 2;

/** Index of [b, y, x, c] in a [BATCH, HEIGHT, WIDTH, channels] array. */
const at = (b: number, y: number, x: number, c: number, channels: number) => ((b * HEIGHT + y) * WIDTH + x) * channels + c;

/**
 * Loops over every (output pixel, filter tap): y = conv(x) + bias, and for the loss Σ y·r the gradients
 * dL/dx[b, y+dy−p, x+dx−p, i] += r·w and dL/dw[dy, dx, i, o] += r·x — an independent reference.
 */
function reference(x: Float32Array, w: Float32Array, bias: Float32Array, r: Float32Array) {
  const y = new Float64Array(BATCH * HEIGHT * WIDTH * OUT);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  for (let b = 0; b < BATCH; b++) {
    for (let row = 0; row < HEIGHT; row++) {
      for (let col = 0; col < WIDTH; col++) {
        for (let o = 0; o < OUT; o++) {
          const out = at(b, row, col, o, OUT);
          y[out] = bias[o] as number;
          for (let ky = 0; ky < KERNEL; ky++) {
            for (let kx = 0; kx < KERNEL; kx++) {
              const [sy, sx] = [row + ky - PAD, col + kx - PAD];
              if (sy < 0 || sy >= HEIGHT || sx < 0 || sx >= WIDTH) continue;
              for (let i = 0; i < IN; i++) {
                const [input, tap] = [at(b, sy, sx, i, IN), ((ky * KERNEL + kx) * IN + i) * OUT + o];
                y[out] = (y[out] as number) + (x[input] as number) * (w[tap] as number);
                dx[input] = (dx[input] as number) + (r[out] as number) * (w[tap] as number);
                dw[tap] = (dw[tap] as number) + (r[out] as number) * (x[input] as number);
              }
            }
          }
        }
      }
    }
  }
  return { y, dx, dw };
}

function expectClose(actual: tf.Tensor, expected: Float64Array): void {
  const values = actual.dataSync();
  expect(values.length).toBe(expected.length);
  expected.forEach((value, i) => expect(values[i]).toBeCloseTo(value, 4));
}

describe('Conv2d', () => {
  it("computes the 'same' convolution and its input, filter and bias gradients", () => {
    const rng = new Rng(5);
    const conv = new Conv2d({ inChannels: IN, outChannels: OUT, kernelSize: KERNEL }, rng);
    const x = rng.normalTensor([BATCH, HEIGHT, WIDTH, IN]) as tf.Tensor4D;
    const r = rng.normalTensor([BATCH, HEIGHT, WIDTH, OUT]);
    const expected = reference(x.dataSync() as Float32Array, conv.weight.dataSync() as Float32Array, conv.bias.dataSync() as Float32Array, r.dataSync() as Float32Array);
    const y = conv.apply(x);
    expectClose(y, expected.y);
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(conv.apply(input as tf.Tensor4D), r)) as tf.Scalar;
    const dx = tf.grad(loss)(x);
    const { value, grads } = tf.variableGrads(() => loss(x), [conv.weight, conv.bias]);
    expectClose(dx, expected.dx);
    expectClose(grads[conv.weight.name] as tf.Tensor, expected.dw);
    const biasGradient = Float64Array.from({ length: OUT }, (_, o) => Array.from(r.dataSync()).filter((_, i) => i % OUT === o).reduce((a, b) => a + b, 0));
    expectClose(grads[conv.bias.name] as tf.Tensor, biasGradient);
    tf.dispose([x, r, y, dx, value, ...Object.values(grads)]);
    conv.dispose();
  });

  it('leaves no tensors behind and checks its arguments', () => {
    const conv = new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3 }, new Rng(1));
    const x = tf.zeros([1, 6, 6, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(conv.apply(x)) as tf.Scalar, [conv.weight, conv.bias]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    const wrongChannels = tf.zeros([1, 6, 6, 2]) as tf.Tensor4D;
    expect(() => conv.apply(wrongChannels)).toThrow(/\[b, h, w, 3\]/);
    expect(() => new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 2 }, new Rng(1))).toThrow(/odd/);
    tf.dispose([x, wrongChannels]);
    conv.dispose();
  });
});
