import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './attention.js';
import { Bidirectional } from './bidirectional.js';
import { CausalConv1d } from './causal-conv1d.js';
import { Embedding } from './embedding.js';
import { GatedRMSNorm } from './gated-rms-norm.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { Mamba } from './mamba.js';
import { Mamba2 } from './mamba2.js';
import { Mlp } from './mlp.js';
import type { Module } from './module.js';
import { RMSNorm } from './rms-norm.js';
import { HybridStack } from '../models/hybrid-stack.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { gradientCheck } from '../test-support/gradient-check.js';

// Stated tolerance for float32 central differences (ε = 1e-2 along unit directions): 2e-2 relative.
const TOLERANCE = 2e-2;
const B = 2;
const L = 7;
const D = 8;

/** Checks d(Σ layer(x)·r)/d(x, every parameter) of a layer by finite differences. */
async function checkLayer(label: string, module: Module, forward: (x: tf.Tensor) => tf.Tensor, inputShape: number[]): Promise<void> {
  const rng = new Rng(label.length * 101);
  const x = tf.variable(rng.normalTensor(inputShape));
  const probe = tf.tidy(() => rng.normalTensor(tf.tidy(() => forward(x)).shape));
  const loss = () => tf.sum(tf.mul(forward(x), probe)) as tf.Scalar;
  const result = await gradientCheck(loss, [x, ...module.parameters().values()], 7);
  expect(result.worst, `${label}: ${JSON.stringify(result.checks)}`).toBeLessThan(TOLERANCE);
  tf.dispose([x, probe]);
  module.dispose();
}

describe('finite-difference gradient check of every layer (cpu, float32)', () => {
  beforeAll(() => useBackend('cpu'));
  const rng = () => new Rng(3);

  it('Linear', async () => {
    const layer = new Linear({ inFeatures: D, outFeatures: 5 }, rng());
    await checkLayer('Linear', layer, (x) => layer.apply(x), [B, L, D]);
  });

  it('Embedding (weight)', async () => {
    const layer = new Embedding({ vocabSize: 11, dim: D, initStd: 1 }, rng());
    const ids = tf.tensor2d([[1, 3, 3, 10], [0, 1, 2, 3]], [2, 4], 'int32');
    const probe = new Rng(1).normalTensor([2, 4, D]);
    const result = await gradientCheck(() => tf.sum(tf.mul(layer.apply(ids), probe)) as tf.Scalar, [...layer.parameters().values()], 5);
    expect(result.worst).toBeLessThan(TOLERANCE);
    tf.dispose([ids, probe]);
    layer.dispose();
  });

  it('RMSNorm, LayerNorm, GatedRMSNorm', async () => {
    const rms = new RMSNorm(D);
    await checkLayer('RMSNorm', rms, (x) => rms.apply(x), [B, L, D]);
    const ln = new LayerNorm(D);
    await checkLayer('LayerNorm', ln, (x) => ln.apply(x), [B, L, D]);
    const gated = new GatedRMSNorm(D, 4);
    const z = new Rng(9).normalTensor([B, L, D]);
    await checkLayer('GatedRMSNorm', gated, (x) => gated.apply(x, z), [B, L, D]);
    z.dispose();
  });

  it('CausalConv1d', async () => {
    const layer = new CausalConv1d({ channels: D, kernelSize: 4 }, rng());
    await checkLayer('CausalConv1d', layer, (x) => layer.apply(x), [B, L, D]);
  });

  it('MLP (GELU and SwiGLU)', async () => {
    const gelu = new Mlp({ dModel: D, activation: 'gelu', bias: true }, rng());
    await checkLayer('Mlp gelu', gelu, (x) => gelu.apply(x), [B, L, D]);
    const swiglu = new Mlp({ dModel: D, activation: 'swiglu' }, rng());
    await checkLayer('Mlp swiglu', swiglu, (x) => swiglu.apply(x), [B, L, D]);
  });

  it('MultiHeadAttention: causal with RoPE and GQA; cross-attention with a context mask', async () => {
    const self = new MultiHeadAttention({ dModel: D, numHeads: 4, numKvHeads: 2, ropeBase: 10000 }, rng());
    await checkLayer('attention', self, (x) => self.apply(x), [B, L, D]);
    const cross = new MultiHeadAttention({ dModel: D, numHeads: 2, contextDim: 6 }, rng());
    const context = new Rng(4).normalTensor([B, 5, 6]);
    const contextMask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]);
    await checkLayer('cross-attention', cross, (x) => cross.apply(x, { context, contextMask }), [B, L, D]);
    tf.dispose([context, contextMask]);
  });

  it('Mamba (Mamba-1 mixer)', async () => {
    const layer = new Mamba({ dModel: D, dState: 4 }, rng());
    await checkLayer('Mamba', layer, (x) => layer.apply(x), [B, L, D]);
  });

  it('Mamba2 mixer, 2 groups', async () => {
    const layer = new Mamba2({ dModel: D, dState: 4, headdim: 4, ngroups: 2, chunkSize: 4 }, rng());
    await checkLayer('Mamba2', layer, (x) => layer.apply(x), [B, L, D]);
  });

  it('Bidirectional Mamba2 (sum and concat)', async () => {
    for (const merge of ['sum', 'concat'] as const) {
      const r = rng();
      const layer = new Bidirectional(() => new Mamba2({ dModel: D, dState: 4, headdim: 4 }, r), merge, D, r);
      await checkLayer(`Bidirectional ${merge}`, layer, (x) => layer.apply(x), [B, L, D]);
    }
  });

  it('HybridStack "Mm*-"', async () => {
    const stack = new HybridStack(
      { dModel: D, pattern: 'Mm*-', layers: { mamba2: { dState: 4, headdim: 4 }, mamba: { dState: 4 }, attention: { numHeads: 2 } } },
      rng(),
    );
    await checkLayer('HybridStack', stack, (x) => stack.apply(x), [B, L, D]);
  });
});
