import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
// The package entry point, exactly as another project imports it (resolved through package.json "exports").
import {
  AdamW, HybridStack, Mamba, Mamba2, MultiHeadAttention, Rng, initBackend, loadSafetensors, saveSafetensors, selectiveScan, ssdScan,
} from '@hybridssm/core';

it("imports { selectiveScan, ssdScan, initBackend } from '@hybridssm/core' and runs them", async () => {
  const info = await initBackend('cpu');
  expect(info.backend).toBe('cpu');
  const sel = selectiveScan({
    u: tf.ones([1, 4, 2]), delta: tf.zeros([1, 4, 2]), A: tf.fill([2, 3], -1), B: tf.ones([1, 4, 3]), C: tf.ones([1, 4, 3]),
  });
  const ssd = ssdScan({
    x: tf.ones([1, 4, 2, 2]), dt: tf.zeros([1, 4, 2]), A: tf.fill([2], -1), B: tf.ones([1, 4, 1, 3]), C: tf.ones([1, 4, 1, 3]),
  });
  expect(sel.y.shape).toEqual([1, 4, 2]);
  expect(ssd.state.shape).toEqual([1, 2, 2, 3]);
  // dt = softplus(0) = ln 2, decay = 1/2: h_1 = ln2·u·B, so y_1 = 3 ln 2 for every channel
  expect((await sel.y.data())[0]).toBeCloseTo(3 * Math.LN2, 5);
});

it('imports the layers, stacks, optimizer and checkpoint functions from @hybridssm/core', async () => {
  await initBackend('cpu');
  const rng = new Rng(0);
  const x = rng.normalTensor([1, 3, 16]);
  for (const layer of [
    new Mamba({ dModel: 16, dState: 4 }, rng),
    new Mamba2({ dModel: 16, dState: 4, headdim: 8 }, rng),
    new MultiHeadAttention({ dModel: 16, numHeads: 2 }, rng),
    new HybridStack({ dModel: 16, pattern: 'M*-', layers: { mamba2: { headdim: 8 }, attention: { numHeads: 2 } } }, rng),
  ]) {
    expect(layer.apply(x).shape).toEqual([1, 3, 16]);
    layer.dispose();
  }
  expect(typeof AdamW).toBe('function');
  expect(typeof saveSafetensors).toBe('function');
  expect(typeof loadSafetensors).toBe('function');
  x.dispose();
});
