import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../kernels/register-all.js';
import { addChannelBias, scaleChannels, scaleShiftChannels } from './channel-affine.js';
import { sumOverLeadingAxes } from '../ops/sum-leading-axes.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';

/** Largest |a − b| / (1 + |b|) over two tensors' values. */
function worst(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs((x[i] as number) - (y[i] as number)) / (1 + Math.abs(y[i] as number)));
  return max;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`channel-affine helpers on ${backend}: the values and gradients of the plain tf formulas`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => useBackend('cpu'));
    const rng = new Rng(backend.length + 17);
    const x = () => rng.normalTensor([3, 37, 5]);
    const w = () => rng.normalTensor([5]);

    it('sumOverLeadingAxes equals tf.sum over the leading axes', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const input = x();
        expect(worst(sumOverLeadingAxes(input), tf.sum(input, [0, 1]))).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });

    it('addChannelBias, scaleChannels and scaleShiftChannels: forward and every gradient', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const [input, weight, bias, probe] = [x(), w(), w(), x()];
        type Op = (args: tf.Tensor[]) => tf.Tensor;
        const cases: [string, tf.Tensor[], Op, Op][] = [
          ['addChannelBias', [input, bias], ([a, c]) => addChannelBias(a as tf.Tensor, c as tf.Tensor), ([a, c]) => tf.add(a as tf.Tensor, c as tf.Tensor)],
          ['scaleChannels', [input, weight], ([a, b]) => scaleChannels(a as tf.Tensor, b as tf.Tensor), ([a, b]) => tf.mul(a as tf.Tensor, b as tf.Tensor)],
          [
            'scaleShiftChannels',
            [input, weight, bias],
            ([a, b, c]) => scaleShiftChannels(a as tf.Tensor, b as tf.Tensor, c as tf.Tensor),
            ([a, b, c]) => tf.add(tf.mul(a as tf.Tensor, b as tf.Tensor), c as tf.Tensor),
          ],
        ];
        for (const [name, args, ours, plain] of cases) {
          expect(worst(ours(args), plain(args)), name).toBeLessThan(1e-6);
          const grads = (f: Op) => tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(a), probe)))(args);
          const got = grads(ours);
          const want = grads(plain);
          args.forEach((_, i) => expect(worst(got[i] as tf.Tensor, want[i] as tf.Tensor), `${name} gradient ${i}`).toBeLessThan(1e-5));
        }
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
