import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './attention.js';
import { Mamba } from './mamba.js';
import { Mamba2 } from './mamba2.js';
import type { MixerContext, StateCache } from './state-cache.js';
import { HybridStack } from '../models/hybrid-stack.js';
import type { StackCache } from '../models/hybrid-stack.js';
import { Rng } from '../util/random.js';
// The fused kernels, as importing @hybridssm/core registers them: apply() runs the scan kernels and
// step() the decode-step kernels (see src/kernels).
import '../kernels/register-all.js';
import { useBackend } from '../test-support/backends.js';
import { relativeError, values } from '../test-support/compare.js';

const B = 2;
const L = 13;
const D = 16;
// Token-by-token generation must equal the full forward: relative error (max-norm) below 1e-5.
const STEP_TOLERANCE = 1e-5;

interface Steppable<C> {
  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor;
  step(x: tf.Tensor, cache: C, ctx?: MixerContext): tf.Tensor;
}

async function expectStepsMatchApply<C extends StateCache | StackCache>(
  label: string, layer: Steppable<C>, cache: C, ctx?: MixerContext,
): Promise<void> {
  const x = new Rng(11).normalTensor([B, L, D]);
  const full = layer.apply(x, ctx);
  const tokens = tf.unstack(x, 1);
  const steps: tf.Tensor[] = [];
  const liveAfterStep: number[] = [];
  for (const token of tokens) {
    steps.push(tf.tidy(() => layer.step(token, cache, ctx)));
    liveAfterStep.push(tf.memory().numTensors - steps.length);
  }
  const stepped = tf.stack(steps, 1);
  expect(relativeError(await values(stepped), await values(full)), label).toBeLessThan(STEP_TOLERANCE);
  // the cache replaces its tensors (attention's K/V grow in place): nothing accumulates per token
  expect(liveAfterStep.at(-1), `${label}: live tensors after the last step vs the first`).toBe(liveAfterStep[0]);
  tf.dispose([...tokens, ...steps, stepped]);
  cache.dispose();
  tf.dispose([x, full]);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`step() equals apply() token by token (${backend})`, () => {
    beforeAll(() => useBackend(backend));
    const rng = () => new Rng(5);

    it('Mamba', async () => {
      const layer = new Mamba({ dModel: D, dState: 8 }, rng());
      await expectStepsMatchApply('Mamba', layer, layer.initCache(B, L));
      layer.dispose();
    });

    it('Mamba2 (2 groups)', async () => {
      const layer = new Mamba2({ dModel: D, dState: 8, headdim: 8, ngroups: 2, chunkSize: 4 }, rng());
      await expectStepsMatchApply('Mamba2', layer, layer.initCache(B, L));
      layer.dispose();
    });

    it('causal attention with RoPE and grouped-query heads', async () => {
      const layer = new MultiHeadAttention({ dModel: D, numHeads: 4, numKvHeads: 2, ropeBase: 10000 }, rng());
      await expectStepsMatchApply('attention', layer, layer.initCache(B, L));
      layer.dispose();
    });

    it('cross-attention over a masked context', async () => {
      const layer = new MultiHeadAttention({ dModel: D, numHeads: 2, contextDim: 6 }, rng());
      const ctx = { context: new Rng(2).normalTensor([B, 5, 6]), contextMask: tf.tensor2d([[1, 1, 0, 0, 0], [1, 1, 1, 1, 1]]) };
      await expectStepsMatchApply('cross-attention', layer, layer.initCache(B, L), ctx);
      tf.dispose([ctx.context, ctx.contextMask]);
      layer.dispose();
    });

    it('a post-norm stack "m*m-" with LayerNorm (the Mambaformer layout)', async () => {
      const stack = new HybridStack(
        { dModel: D, pattern: 'm*m-', residual: 'post-norm', norm: 'layer', layers: { mamba: { dState: 8 }, attention: { numHeads: 4, bias: true } } },
        rng(),
      );
      await expectStepsMatchApply('post-norm HybridStack', stack, stack.initCache(B, L));
      stack.dispose();
    });

    it('a whole hybrid stack "Mm*-M-"', async () => {
      const stack = new HybridStack(
        {
          dModel: D,
          pattern: 'Mm*-M-',
          layers: { mamba2: { dState: 8, headdim: 8, chunkSize: 8 }, mamba: { dState: 8 }, attention: { numHeads: 4, numKvHeads: 2, ropeBase: 10000 } },
        },
        rng(),
      );
      await expectStepsMatchApply('HybridStack', stack, stack.initCache(B, L));
      stack.dispose();
    });
  });
}
