import * as tf from '@tensorflow/tfjs';
import { Mamba2 } from '../layers/mamba2.js';
import { MultiHeadAttention } from '../layers/attention.js';
import { applyRope } from '../layers/rope.js';
import { ssdScan } from '../ops/ssd-scan.js';
import type { Linear } from '../layers/linear.js';
import type { StateCache } from '../layers/state-cache.js';
import type { HybridStack, StackCache } from './hybrid-stack.js';

type Block = HybridStack['blocks'][number];

const MASKED = -1e9;

/** A sub-layer of a core layer by its PyTorch-style name (what the layer registered with `child`). */
function sublayer<T>(module: { namedChildren(): ReadonlyMap<string, unknown> }, name: string): T {
  const child = module.namedChildren().get(name);
  if (child === undefined) throw new Error(`prefill: layer has no sub-layer '${name}'`);
  return child as T;
}

/** Counts `tokens` consumed positions in a layer cache, as `tokens` calls of `step` would. */
function advance(cache: StateCache, batch: number, tokens: number): void {
  for (let t = 0; t < tokens; t++) cache.advance(batch);
}

/**
 * Mamba-2 over a chunk u [b,c,d] from the cached conv window and SSM state, which it replaces: the
 * layer's own forward (in_proj → causal conv → SiLU → SSD → gated norm → out_proj) with the conv fed
 * the previous dConv−1 inputs and the scan started from the cached state.
 */
function mamba2Chunk(m: Mamba2, u: tf.Tensor, cache: StateCache): tf.Tensor {
  const [b, c] = u.shape as [number, number, number];
  const convDim = m.dInner + 2 * m.ngroups * m.dState;
  const gn = m.ngroups * m.dState;
  const [z, xBC, dt] = tf.split(sublayer<Linear>(m, 'in_proj').apply(u), [m.dInner, convDim, m.nheads], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const window = tf.concat([cache.get('conv'), xBC], 1); // [b, dConv−1+c, convDim]
  const conv = tf.slice(sublayer<{ apply(x: tf.Tensor): tf.Tensor }>(m, 'conv1d').apply(window), [0, m.dConv - 1, 0], [b, c, convDim]);
  cache.set('conv', tf.slice(window, [0, c, 0], [b, m.dConv - 1, convDim]));
  const [x, B, C] = tf.split(tf.mul(conv, tf.sigmoid(conv)), [m.dInner, gn, gn], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const { y, state } = ssdScan(
    {
      x: tf.reshape(x, [b, c, m.nheads, m.headdim]),
      dt,
      A: tf.neg(tf.exp(m.ALog)),
      B: tf.reshape(B, [b, c, m.ngroups, m.dState]),
      C: tf.reshape(C, [b, c, m.ngroups, m.dState]),
      D: m.D,
      dtBias: m.dtBias,
      dtSoftplus: true,
      initialState: cache.get('ssm'),
    },
    { impl: m.impl, ...(m.chunkSize === undefined ? {} : { chunkSize: m.chunkSize }) },
  );
  cache.set('ssm', state);
  advance(cache, b, c);
  const norm = sublayer<{ apply(x: tf.Tensor, z: tf.Tensor): tf.Tensor }>(m, 'norm');
  return sublayer<Linear>(m, 'out_proj').apply(norm.apply(tf.reshape(y, [b, c, m.dInner]), z));
}

/** [b,c,heads·hd] → [b,heads,c,hd] */
function splitHeads(t: tf.Tensor, heads: number, hd: number): tf.Tensor {
  const [b, c] = t.shape as [number, number, number];
  return tf.transpose(tf.reshape(t, [b, c, heads, hd]), [0, 2, 1, 3]);
}

/**
 * Causal self-attention over a chunk x [b,c,d] that also attends to the cached keys and values of the
 * earlier positions; appends the chunk's keys and values to the cache (the layout `step` uses).
 */
function attentionChunk(a: MultiHeadAttention, x: tf.Tensor, cache: StateCache): tf.Tensor {
  const [b, c, d] = x.shape as [number, number, number];
  const past = cache.length;
  const { numHeads: h, headDim: hd } = a;
  const rope = (t: tf.Tensor) => (a.config.ropeBase === undefined ? t : applyRope(t, past, a.config.ropeBase));
  const q = tf.mul(rope(splitHeads(sublayer<Linear>(a, 'q_proj').apply(x), h, hd)), 1 / Math.sqrt(hd)); // scaled here: c·hd values, not c·(past+c) scores
  const kNew = rope(splitHeads(sublayer<Linear>(a, 'k_proj').apply(x), h, hd));
  const vNew = splitHeads(sublayer<Linear>(a, 'v_proj').apply(x), h, hd);
  const k = cache.has('k') ? tf.concat([cache.get('k'), kNew], 2) : kNew;
  const v = cache.has('v') ? tf.concat([cache.get('v'), vNew], 2) : vNew;
  cache.set('k', k);
  cache.set('v', v);
  advance(cache, b, c);
  // chunk position i (absolute past+i) sees keys 0..past+i
  const mask = new Float32Array(c * c);
  for (let i = 0; i < c; i++) for (let j = i + 1; j < c; j++) mask[i * c + j] = MASKED;
  const causal = tf.tensor2d(mask, [c, c]);
  const bias = past === 0 ? causal : tf.concat([tf.zeros([c, past]), causal], 1);
  // [b,h,c,past+c]: at 32K positions 128 MiB each, so only the softmax's output outlives this line
  const weights = tf.tidy(() => tf.softmax(tf.add(tf.matMul(q, k, false, true), bias)));
  const mixed = tf.matMul(weights, v); // [b,h,c,hd]
  return sublayer<Linear>(a, 'out_proj').apply(tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [b, c, d]));
}

/** Any other recurrent mixer: token by token through its own `step` (exact, slow). */
function stepwiseChunk(block: Block, x: tf.Tensor, cache: StateCache): tf.Tensor {
  const step = block.mixer.step;
  if (step === undefined) throw new Error(`prefill: block '${block.kind.char}' (${block.kind.name}) cannot run token by token`);
  const tokens = tf.unstack(x, 1).map((token) => step.call(block.mixer, token, cache));
  return tf.stack(tokens, 1);
}

function mixChunk(block: Block, x: tf.Tensor, cache: StateCache | undefined): tf.Tensor {
  const mixer = block.mixer;
  if (cache === undefined) return mixer.apply(x); // stateless (MLP)
  if (mixer instanceof Mamba2) return mamba2Chunk(mixer, x, cache);
  const plainSelfAttention = mixer instanceof MultiHeadAttention && mixer.causal && mixer.config.contextDim === undefined && mixer.numKvHeads === mixer.numHeads;
  if (plainSelfAttention) return attentionChunk(mixer, x, cache);
  return stepwiseChunk(block, x, cache);
}

/**
 * Runs a context x [b,s,d] through a pre-norm stack `chunk` positions at a time, filling the caches
 * that `initCache` made as `s` calls of `step` would, and returns the final-norm output at the last
 * position [b,d]. Within a chunk everything is parallel (matmuls and the SSD scan); only one block's
 * intermediates are alive at a time.
 */
export function prefillStack(stack: HybridStack, x: tf.Tensor, cache: StackCache, chunk: number): tf.Tensor {
  if (stack.residual !== 'pre-norm') throw new Error('prefill: only pre-norm stacks are supported');
  if (!(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`prefill: chunk must be a positive integer; got ${chunk}`);
  const [b, s, d] = x.shape as [number, number, number];
  let last: tf.Tensor | undefined;
  for (let start = 0; start < s; start += chunk) {
    const length = Math.min(chunk, s - start);
    const previous = last;
    let h = tf.slice(x, [0, start, 0], [b, length, d]);
    stack.blocks.forEach((block, i) => {
      const input = h;
      // one block at a time: a block's intermediates are freed before the next block runs
      h = tf.tidy(() => tf.add(input, mixChunk(block, block.norm.apply(input), cache.caches[i])));
      input.dispose();
    });
    const output = h;
    last = tf.tidy(() => {
      const final = tf.slice(output, [0, length - 1, 0], [b, 1, d]);
      return tf.squeeze(stack.finalNorm === undefined ? final : stack.finalNorm.apply(final), [1]);
    });
    output.dispose();
    previous?.dispose();
  }
  return last as tf.Tensor;
}
