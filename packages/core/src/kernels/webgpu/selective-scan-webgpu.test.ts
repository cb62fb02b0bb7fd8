import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWebGpuScanKernels } from './register-webgpu-scan-kernels.js';
import { SelectiveScan } from '../../ops/kernel-names.js';
import { resolveScanImpl } from '../../ops/scan-impl.js';
import { selectiveScan } from '../../ops/selective-scan.js';
import { Rng } from '../../util/random.js';
import { useBackend, webgpuForTests } from '../../test-support/backends.js';
import { goldenSuite } from '../../test-support/golden-suite.js';
import { expectKernelMatchesReference } from '../../test-support/kernel-parity.js';
import { freshSeed, randomCotangents, randomSelectiveInputs } from '../../test-support/random-inputs.js';
import { scanWithGrads } from '../../test-support/scan-harness.js';

// Runs on any WebGPU adapter (Mesa lavapipe on CPU machines); skipped without one unless
// HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const available = await webgpuForTests();
registerWebGpuScanKernels();
const seed = freshSeed();
const title = `WGSL selectiveScan kernel on webgpu${available ? '' : ' (skipped: no WebGPU adapter)'}`;

describe.skipIf(!available)(title, () => {
  beforeAll(() => useBackend('webgpu'));
  goldenSuite(['kernel'], ['selectiveScan']);

  // The backward pass checkpoints every ⌈√l⌉ steps: these lengths end chunks fully and partly.
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

  it('matches reference with 80 channels per group (two workgroups per group, idle lanes) and no softplus', async () => {
    const rng = new Rng(seed + 7);
    const tensors = randomSelectiveInputs(rng, { b: 2, l: 12, d: 160, n: 4, g: 2 });
    const delta = tf.abs(tensors.delta as tf.Tensor);
    const inputs: Record<string, tf.Tensor | boolean> = { ...tensors, delta, deltaSoftplus: false };
    const cot = randomCotangents(rng, [2, 12, 160], [2, 160, 4]);
    await expectKernelMatchesReference((impl) => (i) => selectiveScan(i as never, { impl }), inputs, cot, `d=160 (seed ${seed})`);
    tf.dispose([tensors, delta, cot] as never);
  });

  it('leaves no tensor or GPU buffer behind after forward+backward in tf.tidy, and auto picks it', async () => {
    const rng = new Rng(3);
    const inputs = randomSelectiveInputs(rng, { b: 1, l: 9, d: 4, n: 3, g: 2 });
    const cot = randomCotangents(rng, [1, 9, 4], [1, 4, 3]);
    const backend = tf.engine().backend;
    await tf.zeros([1]).data();
    const before = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
    const out = tf.tidy(() => {
      const r = scanWithGrads((i) => selectiveScan(i as never, { impl: 'auto' }), inputs, cot, Object.keys(inputs));
      // a chain of adds: AddN over 11 tensors would exceed WebGPU's 8 storage buffers per program
      return [r.y, r.state, ...Object.values(r.grads)].reduce((acc: tf.Tensor, t) => tf.add(acc, tf.sum(t)), tf.scalar(0));
    });
    expect(Number.isFinite((await out.data())[0])).toBe(true);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(backend.numDataIds()).toBe(before.data);
    expect(resolveScanImpl('selectiveScan', 'auto', SelectiveScan)).toBe('kernel');
    tf.dispose([inputs, cot] as never);
  });
});
