import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './attention.js';
import { Mamba2 } from './mamba2.js';
import { Mamba } from './mamba.js';
import { Mlp } from './mlp.js';
import { ArgumentError } from '../ops/arg-checker.js';
import { HybridStack } from '../models/hybrid-stack.js';
import { parsePattern, registerBlock } from '../models/block-registry.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';

function expectArgError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ArgumentError);
  expect(run).toThrow(message);
}

describe('layers and stacks reject bad configuration and input, naming the argument', () => {
  beforeAll(() => useBackend('cpu'));
  const rng = new Rng(1);

  it('unknown pattern character, with its position', () => {
    expectArgError(() => parsePattern('M-x*'), /^parsePattern: unknown layer character 'x' at position 2 of "M-x\*"; known: 'M' \(mamba2\)/);
    expectArgError(() => new HybridStack({ dModel: 8, pattern: 'MM?' }, rng), /unknown layer character '\?' at position 2/);
    expectArgError(() => parsePattern(''), /the pattern must be a non-empty string/);
  });

  it('width not divisible by heads or headdim', () => {
    expectArgError(() => new MultiHeadAttention({ dModel: 10, numHeads: 4 }, rng), /^MultiHeadAttention: dModel=10 must be divisible by numHeads=4$/);
    expectArgError(() => new MultiHeadAttention({ dModel: 8, numHeads: 4, numKvHeads: 3 }, rng), /numHeads=4 must be divisible by numKvHeads=3/);
    expectArgError(() => new Mamba2({ dModel: 12, headdim: 16 }, rng), /^Mamba2: d_inner \(expand·dModel\)=24 must be divisible by headdim=16$/);
    expectArgError(() => new Mamba2({ dModel: 16, headdim: 8, ngroups: 3 }, rng), /nheads \(d_inner\/headdim\)=4 must be divisible by ngroups=3/);
    expectArgError(() => new Mlp({ dModel: 0 }, rng), /Mlp: config 'dModel' must be a positive integer; got 0/);
  });

  it('cache used past maxLen, or with another batch size', () => {
    const layer = new Mamba({ dModel: 8, dState: 4 }, rng);
    const cache = layer.initCache(1, 2);
    const token = tf.zeros([1, 8]);
    tf.tidy(() => layer.step(token, cache));
    tf.tidy(() => layer.step(token, cache));
    expectArgError(() => layer.step(token, cache), /^Mamba: cache used past maxLen: it holds 2 tokens and is full/);
    const attention = new MultiHeadAttention({ dModel: 8, numHeads: 2 }, rng);
    const kv = attention.initCache(2, 4);
    expectArgError(() => attention.step(token, kv), /MultiHeadAttention: step input has batch 1, the cache was created for batch 2/);
    tf.dispose(token);
    cache.dispose();
    kv.dispose();
    layer.dispose();
    attention.dispose();
  });

  it('input of the wrong width or rank', () => {
    const layer = new Mamba2({ dModel: 8, dState: 4, headdim: 4 }, rng);
    const x = tf.zeros([1, 3, 6]);
    expectArgError(() => layer.apply(x), /^Mamba2: argument 'x' must have last dimension 8; got shape \[1,3,6\]$/);
    expectArgError(() => layer.apply(tf.zeros([3, 8])), /Mamba2: argument 'x' must have rank 3 \[b,l,d\]; got shape \[3,8\]/);
    tf.dispose(x);
    layer.dispose();
  });

  it('a bidirectional block cannot be stepped; cross-attention needs its context', () => {
    const attention = new MultiHeadAttention({ dModel: 8, numHeads: 2, causal: false }, rng);
    expectArgError(() => attention.initCache(1), /step\(\) needs causal self-attention or cross-attention/);
    const cross = new MultiHeadAttention({ dModel: 8, numHeads: 2, contextDim: 4 }, rng);
    expectArgError(() => cross.apply(tf.zeros([1, 2, 8])), /cross-attention needs 'context'/);
    attention.dispose();
    cross.dispose();
  });

  it('registerBlock refuses to redefine a character', () => {
    expectArgError(
      () => registerBlock({ char: 'M', name: 'other', create: () => new Mlp({ dModel: 8 }, rng) }),
      /character 'M' is already registered for mamba2/,
    );
  });
});
