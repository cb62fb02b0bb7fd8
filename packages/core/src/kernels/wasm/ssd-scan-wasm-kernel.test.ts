import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScanKernels } from './scan-kernels-module.js';
import { registerWasmSsdScanKernels } from './ssd-scan-wasm-kernel.js';
import { SsdScan } from '../../ops/kernel-names.js';
import { availableScanImpls, resolveScanImpl } from '../../ops/scan-impl.js';
import { ssdScan } from '../../ops/ssd-scan.js';
import { Rng } from '../../util/random.js';
import { useBackend } from '../../test-support/backends.js';
import { goldenSuite } from '../../test-support/golden-suite.js';
import { expectKernelMatchesReference } from '../../test-support/kernel-parity.js';
import { freshSeed, randomCotangents, randomSsdInputs } from '../../test-support/random-inputs.js';
import { scanWithGrads } from '../../test-support/scan-harness.js';

const kernels = loadScanKernels();
if (kernels === undefined) throw new Error('this Node has no WebAssembly SIMD');
registerWasmSsdScanKernels(kernels, ['cpu', 'wasm']);
const seed = freshSeed();

// n = 6 is not a whole number of f32x4 vectors: it runs on zero-padded state columns. The backward
// pass checkpoints every ⌈√l⌉ steps, so these lengths end chunks fully and partly.
const CASES = [
  { l: 1, h: 4, p: 3, n: 8, g: 1, gated: true },
  { l: 63, h: 4, p: 4, n: 4, g: 2, gated: false },
  { l: 64, h: 4, p: 5, n: 6, g: 2, gated: true },
  { l: 65, h: 2, p: 4, n: 16, g: 1, gated: true },
  { l: 1000, h: 2, p: 3, n: 8, g: 2, gated: true },
];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`SIMD ssdScan kernel on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    goldenSuite(['kernel'], ['ssdScan']);

    for (const { l, h, p, n, g, gated } of CASES) {
      it(`matches reference at l=${l} h=${h} p=${p} n=${n}, ${g} group(s), ${gated ? 'gated' : 'no gate'}, forward and every gradient`, async () => {
        const rng = new Rng(seed + l + n);
        const all = randomSsdInputs(rng, { b: 2, l, h, p, n, g });
        const inputs = gated ? all : Object.fromEntries(Object.entries(all).filter(([k]) => !['z', 'D', 'initialState'].includes(k)));
        const cot = randomCotangents(rng, [2, l, h, p], [2, h, p, n]);
        await expectKernelMatchesReference((impl) => (i) => ssdScan(i as never, { impl }), inputs, cot, `l=${l} n=${n} (seed ${seed})`);
        tf.dispose([inputs, cot] as never);
      });
    }

    it('matches reference without the softplus on dt', async () => {
      const rng = new Rng(seed);
      const tensors = randomSsdInputs(rng, { b: 2, l: 40, h: 2, p: 4, n: 8, g: 1 });
      const dt = tf.abs(tensors.dt as tf.Tensor);
      const inputs: Record<string, tf.Tensor | boolean> = { ...tensors, dt, dtSoftplus: false };
      const cot = randomCotangents(rng, [2, 40, 2, 4], [2, 2, 4, 8]);
      await expectKernelMatchesReference((impl) => (i) => ssdScan(i as never, { impl }), inputs, cot, `no softplus (seed ${seed})`);
      tf.dispose([tensors, dt, cot] as never);
    });

    it('leaves no tensor behind after forward+backward in tf.tidy, and auto picks it', () => {
      const rng = new Rng(3);
      const inputs = randomSsdInputs(rng, { b: 1, l: 9, h: 4, p: 2, n: 3, g: 2 });
      const cot = randomCotangents(rng, [1, 9, 4, 2], [1, 4, 2, 3]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        scanWithGrads((i) => ssdScan(i as never, { impl: 'auto' }), inputs, cot, Object.keys(inputs));
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(resolveScanImpl('ssdScan', 'auto', SsdScan)).toBe('kernel');
      expect(availableScanImpls('ssdScan')).toContain('kernel');
      tf.dispose([inputs, cot] as never);
    });
  });
}
