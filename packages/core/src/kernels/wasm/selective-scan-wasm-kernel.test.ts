import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScanKernels } from './scan-kernels-module.js';
import { registerWasmSelectiveScanKernels } from './selective-scan-wasm-kernel.js';
import { SelectiveScan } from '../../ops/kernel-names.js';
import { resolveScanImpl } from '../../ops/scan-impl.js';
import { selectiveScan } from '../../ops/selective-scan.js';
import { Rng } from '../../util/random.js';
import { useBackend } from '../../test-support/backends.js';
import { goldenSuite } from '../../test-support/golden-suite.js';
import { expectKernelMatchesReference } from '../../test-support/kernel-parity.js';
import { freshSeed, randomCotangents, randomSelectiveInputs } from '../../test-support/random-inputs.js';
import { scanWithGrads } from '../../test-support/scan-harness.js';

const kernels = loadScanKernels();
if (kernels === undefined) throw new Error('this Node has no WebAssembly SIMD');
registerWasmSelectiveScanKernels(kernels, ['wasm']);
const seed = freshSeed();

// d = 6 and d = 10 in 2 groups of 5 are not whole 4-channel blocks: they run on zero-padded lanes.
const CASES = [
  { l: 1, d: 8, n: 3, g: 0, gated: true },
  { l: 63, d: 8, n: 16, g: 2, gated: false },
  { l: 64, d: 8, n: 5, g: 2, gated: true },
  { l: 65, d: 6, n: 3, g: 0, gated: true },
  { l: 65, d: 10, n: 4, g: 2, gated: false },
  { l: 1000, d: 8, n: 3, g: 2, gated: true },
];

describe('SIMD selectiveScan kernel on wasm', () => {
  beforeAll(() => useBackend('wasm'));
  goldenSuite(['kernel'], ['selectiveScan']);

  for (const { l, d, n, g, gated } of CASES) {
    it(`matches reference at l=${l} d=${d} n=${n}, ${g === 0 ? 'ungrouped' : `${g} groups`}, ${gated ? 'gated' : 'no gate'}, forward and every gradient`, async () => {
      const rng = new Rng(seed + l + d);
      const all = randomSelectiveInputs(rng, { b: 2, l, d, n, g });
      const inputs = gated ? all : Object.fromEntries(Object.entries(all).filter(([k]) => !['z', 'D', 'initialState'].includes(k)));
      const cot = randomCotangents(rng, [2, l, d], [2, d, n]);
      await expectKernelMatchesReference((impl) => (i) => selectiveScan(i as never, { impl }), inputs, cot, `l=${l} d=${d} (seed ${seed})`);
      tf.dispose([inputs, cot] as never);
    });
  }

  it('matches reference without the softplus on delta', async () => {
    const rng = new Rng(seed);
    const tensors = randomSelectiveInputs(rng, { b: 2, l: 40, d: 8, n: 4, g: 0 });
    const delta = tf.abs(tensors.delta as tf.Tensor);
    const inputs: Record<string, tf.Tensor | boolean> = { ...tensors, delta, deltaSoftplus: false };
    const cot = randomCotangents(rng, [2, 40, 8], [2, 8, 4]);
    await expectKernelMatchesReference((impl) => (i) => selectiveScan(i as never, { impl }), inputs, cot, `no softplus (seed ${seed})`);
    tf.dispose([tensors, delta, cot] as never);
  });

  it('leaves no tensor behind after forward+backward in tf.tidy, and auto picks it', () => {
    const rng = new Rng(3);
    const inputs = randomSelectiveInputs(rng, { b: 1, l: 9, d: 6, n: 3, g: 2 });
    const cot = randomCotangents(rng, [1, 9, 6], [1, 6, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      scanWithGrads((i) => selectiveScan(i as never, { impl: 'auto' }), inputs, cot, Object.keys(inputs));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(resolveScanImpl('selectiveScan', 'auto', SelectiveScan)).toBe('kernel');
    tf.dispose([inputs, cot] as never);
  });
});
