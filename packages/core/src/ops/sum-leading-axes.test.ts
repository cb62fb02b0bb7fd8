import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../kernels/register-all.js';
import { SumRows } from './kernel-names.js';
import { hasKernel } from './scan-impl.js';
import { sumOverLeadingAxes } from './sum-leading-axes.js';
import { reduceHeapModule } from '../kernels/wasm/sum-rows-wasm.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { freshSeed } from '../test-support/random-inputs.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`sumOverLeadingAxes on ${backend} (the SumRows kernel) against a float64 sum`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => useBackend('cpu'));

    it('runs the fused kernel (SIMD on wasm: run the package build)', () => {
      expect(hasKernel(SumRows)).toBe(true);
      if (backend === 'wasm') expect(reduceHeapModule()).toBeDefined();
    });

    // column counts below, at and past a multiple of four; rows past one 256-row block
    for (const [rows, cols] of [[1, 1], [3, 4], [7, 3], [300, 9], [513, 64]] as const) {
      it(`[${rows}, ${cols}] and [2, ${rows}, ${cols}]: values, gradient, no leaks`, () => {
        const before = tf.memory().numTensors;
        const rng = new Rng(freshSeed());
        tf.tidy(() => {
          const x = rng.normalTensor([2, rows, cols]);
          const values = x.dataSync();
          const want = new Float64Array(cols);
          values.forEach((v, i) => (want[i % cols] = (want[i % cols] as number) + v));
          const got = sumOverLeadingAxes(x).dataSync();
          expect(got.length).toBe(cols);
          got.forEach((v, c) => expect(Math.abs(v - (want[c] as number)), `column ${c}`).toBeLessThan(1e-5 * Math.sqrt(2 * rows) + 1e-6));
          const probe = rng.normalTensor([cols]);
          const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(sumOverLeadingAxes(input), probe)))(x);
          const expected = tf.broadcastTo(probe, x.shape);
          expect(tf.max(tf.abs(tf.sub(grad, expected))).dataSync()[0]).toBe(0);
        });
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  });
}
