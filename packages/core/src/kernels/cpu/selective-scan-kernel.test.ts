import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuSelectiveScanKernels } from './selective-scan-kernel.js';
import { SelectiveScan } from '../../ops/kernel-names.js';
import { resolveScanImpl } from '../../ops/scan-impl.js';
import { selectiveScan } from '../../ops/selective-scan.js';
import { Rng } from '../../util/random.js';
import { useBackend } from '../../test-support/backends.js';
import { goldenSuite } from '../../test-support/golden-suite.js';
import { expectKernelMatchesReference } from '../../test-support/kernel-parity.js';
import { freshSeed, randomCotangents, randomSelectiveInputs } from '../../test-support/random-inputs.js';
import { scanWithGrads } from '../../test-support/scan-harness.js';

registerCpuSelectiveScanKernels(['cpu', 'wasm']);
const seed = freshSeed();

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`typed-array selectiveScan kernel on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    goldenSuite(['kernel'], ['selectiveScan']);

    for (const [l, g, gated] of [[1, 0, true], [63, 2, false], [64, 2, true], [65, 0, true], [1000, 2, true]] as const) {
      it(`matches reference at l=${l}, ${g === 0 ? 'ungrouped' : `${g} groups`}, ${gated ? 'gated' : 'no gate'}, forward and every gradient`, async () => {
        const rng = new Rng(seed + l);
        const all = randomSelectiveInputs(rng, { b: 2, l, d: 4, n: 3, g });
        const inputs = gated ? all : Object.fromEntries(Object.entries(all).filter(([k]) => !['z', 'D', 'initialState'].includes(k)));
        const cot = randomCotangents(rng, [2, l, 4], [2, 4, 3]);
        await expectKernelMatchesReference((impl) => (i) => selectiveScan(i as never, { impl }), inputs, cot, `l=${l} (seed ${seed})`);
        tf.dispose([inputs, cot] as never);
      });
    }

    it('leaves no tensor behind after forward+backward in tf.tidy, and auto picks it', () => {
      const rng = new Rng(3);
      const inputs = randomSelectiveInputs(rng, { b: 1, l: 9, d: 4, n: 3, g: 2 });
      const cot = randomCotangents(rng, [1, 9, 4], [1, 4, 3]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        scanWithGrads((i) => selectiveScan(i as never, { impl: 'auto' }), inputs, cot, Object.keys(inputs));
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(resolveScanImpl('selectiveScan', 'auto', SelectiveScan)).toBe('kernel');
      tf.dispose([inputs, cot] as never);
    });
  });
}
