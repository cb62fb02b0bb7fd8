import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend, webgpuForTests } from '../test-support/backends.js';
import { dropoutBits, dropoutMaskParams, fillDropoutMask, pcgHash } from '../util/dropout-hash.js';
import { dropoutMask } from './dropout-mask.js';

// The webgpu cases run on any WebGPU adapter (Mesa lavapipe on CPU machines); skipped without one
// unless HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const webgpu = await webgpuForTests();
await useBackend('wasm');

function reference(shape: number[], rate: number, seed: number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  fillDropoutMask(out, dropoutMaskParams(rate, seed));
  return out;
}

describe('the dropout hash', () => {
  it('is the PCG output permutation in 32-bit arithmetic (values computed independently, in Python)', () => {
    expect([pcgHash(0), pcgHash(1), pcgHash(123456789), pcgHash(2 ** 32 - 1)]).toEqual([129708002, 2831084092, 4272394698, 3861530882]);
    expect(dropoutBits(pcgHash(42), 5)).toBe(884213053);
  });
});

describe('dropoutMask', () => {
  afterAll(() => useBackend('wasm'));

  const backends = ['cpu', 'wasm', ...(webgpu ? (['webgpu'] as const) : [])] as const;
  for (const backend of backends) {
    it(`on ${backend}: the reference mask, without leaks`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const mask = dropoutMask([3, 100, 7], 0.3, 42);
      expect(mask.shape).toEqual([3, 100, 7]);
      expect(mask.dtype).toBe('float32');
      expect(await mask.data()).toEqual(reference([3, 100, 7], 0.3, 42));
      mask.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it.skipIf(!webgpu)('on webgpu, a mask larger than one dispatch row of workgroups (65,535 × 64 elements)', async () => {
    await useBackend('webgpu');
    const shape = [5, 900_000];
    const mask = dropoutMask(shape, 0.1, 7);
    const [got, expected] = [await mask.data(), reference(shape, 0.1, 7)];
    expect(got.length).toBe(expected.length);
    expect(got.findIndex((v, i) => v !== expected[i])).toBe(-1); // toEqual over 4.5 M elements takes seconds
    mask.dispose();
  });

  it('keeps each element with probability 1 − rate, at 1 / (1 − rate); masks of two seeds are independent', async () => {
    await useBackend('wasm');
    const rate = 0.25;
    const size = 200_000;
    const [a, b] = await Promise.all([dropoutMask([size], rate, 1).data(), dropoutMask([size], rate, 2).data()]);
    const kept = a.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
    // within 5 standard deviations of the binomial
    const sd = Math.sqrt(size * rate * (1 - rate));
    expect(Math.abs(kept.length - size * (1 - rate))).toBeLessThan(5 * sd);
    const both = a.filter((v, i) => v !== 0 && b[i] !== 0).length;
    const pBoth = (1 - rate) ** 2;
    expect(Math.abs(both - size * pBoth)).toBeLessThan(5 * Math.sqrt(size * pBoth * (1 - pBoth)));
    // neighbours are independent too: no run of drops much longer than chance gives
    let longest = 0;
    let run = 0;
    for (const v of a) longest = Math.max(longest, (run = v === 0 ? run + 1 : 0));
    expect(longest).toBeLessThan(20); // P(a run ≥ 20 of p = 0.25) over 2e5 draws is ~2e-7
  });

  it('rate 0 keeps everything; an empty shape gives an empty mask', async () => {
    expect(Array.from(await dropoutMask([4], 0, 3).data())).toEqual([1, 1, 1, 1]);
    expect(dropoutMask([0, 5], 0.5, 3).shape).toEqual([0, 5]);
  });

  it('names the argument and the value it got', () => {
    expect(() => dropoutMask([2], 1, 0)).toThrow("dropoutMask: argument 'rate' must be in [0, 1); got 1");
    expect(() => dropoutMask([2], Number.NaN, 0)).toThrow("argument 'rate' must be in [0, 1); got NaN");
    expect(() => dropoutMask([2], 0.5, -1)).toThrow("dropoutMask: argument 'seed' must be an integer in [0, 2^32); got -1");
    expect(() => dropoutMask([2.5], 0.5, 0)).toThrow("dropoutMask: argument 'shape' must be non-negative integers; got [2.5]");
  });
});
