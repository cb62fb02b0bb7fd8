import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWebGpuScanKernels } from './register-webgpu-scan-kernels.js';
import { SsdScan } from '../../ops/kernel-names.js';
import { resolveScanImpl } from '../../ops/scan-impl.js';
import { ssdScan } from '../../ops/ssd-scan.js';
import { Rng } from '../../util/random.js';
import { useBackend, webgpuForTests } from '../../test-support/backends.js';
import { goldenSuite } from '../../test-support/golden-suite.js';
import { expectKernelMatchesReference } from '../../test-support/kernel-parity.js';
import { freshSeed, randomCotangents, randomSsdInputs } from '../../test-support/random-inputs.js';
import { scanWithGrads } from '../../test-support/scan-harness.js';

// Runs on any WebGPU adapter (Mesa lavapipe on CPU machines); skipped without one unless
// HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const available = await webgpuForTests();
registerWebGpuScanKernels();
const seed = freshSeed();
const title = `WGSL ssdScan kernel on webgpu${available ? '' : ' (skipped: no WebGPU adapter)'}`;

// The backward pass checkpoints every ⌈√l⌉ steps: these lengths end chunks fully and partly.
const CASES = [
  { l: 1, h: 4, p: 3, n: 8, g: 1, gated: true },
  { l: 63, h: 4, p: 4, n: 4, g: 2, gated: false },
  { l: 64, h: 4, p: 5, n: 6, g: 2, gated: true },
  { l: 65, h: 2, p: 4, n: 16, g: 1, gated: true },
  { l: 1000, h: 2, p: 3, n: 8, g: 2, gated: true },
];

describe.skipIf(!available)(title, () => {
  beforeAll(() => useBackend('webgpu'));
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

  it('matches reference with 160 lanes per group (three workgroups per group, idle lanes) and no softplus', async () => {
    const rng = new Rng(seed + 11);
    const tensors = randomSsdInputs(rng, { b: 2, l: 10, h: 4, p: 40, n: 4, g: 1 });
    const dt = tf.abs(tensors.dt as tf.Tensor);
    const inputs: Record<string, tf.Tensor | boolean> = { ...tensors, dt, dtSoftplus: false };
    const cot = randomCotangents(rng, [2, 10, 4, 40], [2, 4, 40, 4]);
    await expectKernelMatchesReference((impl) => (i) => ssdScan(i as never, { impl }), inputs, cot, `p=40 (seed ${seed})`);
    tf.dispose([tensors, dt, cot] as never);
  });

  it('leaves no tensor or GPU buffer behind after forward+backward in tf.tidy, and auto picks it', async () => {
    const rng = new Rng(3);
    const inputs = randomSsdInputs(rng, { b: 1, l: 9, h: 4, p: 2, n: 3, g: 2 });
    const cot = randomCotangents(rng, [1, 9, 4, 2], [1, 4, 2, 3]);
    const backend = tf.engine().backend;
    await tf.zeros([1]).data();
    const before = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
    const out = tf.tidy(() => {
      const r = scanWithGrads((i) => ssdScan(i as never, { impl: 'auto' }), inputs, cot, Object.keys(inputs));
      // a chain of adds: AddN over 11 tensors would exceed WebGPU's 8 storage buffers per program
      return [r.y, r.state, ...Object.values(r.grads)].reduce((acc: tf.Tensor, t) => tf.add(acc, tf.sum(t)), tf.scalar(0));
    });
    expect(Number.isFinite((await out.data())[0])).toBe(true);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(backend.numDataIds()).toBe(before.data);
    expect(resolveScanImpl('ssdScan', 'auto', SsdScan)).toBe('kernel');
    tf.dispose([inputs, cot] as never);
  });
});
