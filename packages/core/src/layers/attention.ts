import * as tf from '@tensorflow/tfjs';
import { AttentionDecodeStep } from '../ops/decode-kernel-names.js';
import { expandGroups } from '../ops/scan-common.js';
import { DerivedTensor, decodeWithTransposedWeights, fusedDecode } from './decode-support.js';
import { layerError, requireDivisible, requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { optionalDropout } from './dropout.js';
import type { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { applyRope } from './rope.js';
import { StateCache } from './state-cache.js';
import type { MixerContext, RecurrentMixer } from './state-cache.js';
import type { Rng } from '../util/random.js';

export interface AttentionConfig {
  dModel: number;
  numHeads: number;
  /** key/value heads for grouped-query attention (Ainslie et al. 2023); default numHeads */
  numKvHeads?: number;
  /** default true */
  causal?: boolean;
  /** rotary embedding base (e.g. 10000); absent = no positional encoding */
  ropeBase?: number;
  /** cross-attention: keys and values come from a context of this width instead of x */
  contextDim?: number;
  /** default false */
  bias?: boolean;
  /** dropout on the attention weights while training (Time-Series-Library's attention_dropout); default 0 */
  attentionDropout?: number;
  /** dropout on the projected output while training (the residual dropout of Vaswani et al.); default 0 */
  outputDropout?: number;
}

const MASKED = -1e9;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017): self-attention (causal or
 * bidirectional, optional RoPE, grouped-query heads, KV cache for `step`) or cross-attention over a
 * context sequence with its own padding mask.
 */
export class MultiHeadAttention extends Module implements RecurrentMixer {
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly causal: boolean;
  private readonly qProj: Linear;
  private readonly kProj: Linear;
  private readonly vProj: Linear;
  private readonly outProj: Linear;
  private readonly weightsDropout: Dropout | undefined;
  private readonly outDropout: Dropout | undefined;
  private readonly qkvWeight = new DerivedTensor();
  private readonly qkvBias = new DerivedTensor();

  constructor(readonly config: AttentionConfig, rng: Rng) {
    super();
    const d = requirePositiveInteger('MultiHeadAttention', 'dModel', config.dModel);
    this.numHeads = requirePositiveInteger('MultiHeadAttention', 'numHeads', config.numHeads);
    this.numKvHeads = requirePositiveInteger('MultiHeadAttention', 'numKvHeads', config.numKvHeads ?? config.numHeads);
    requireDivisible('MultiHeadAttention', 'dModel', d, 'numHeads', this.numHeads);
    requireDivisible('MultiHeadAttention', 'numHeads', this.numHeads, 'numKvHeads', this.numKvHeads);
    this.headDim = d / this.numHeads;
    if (config.ropeBase !== undefined && this.headDim % 2 !== 0) {
      layerError('MultiHeadAttention', `RoPE needs an even head dimension; dModel/numHeads = ${this.headDim}`);
    }
    this.causal = config.contextDim === undefined && (config.causal ?? true);
    const bias = config.bias ?? false;
    const kvIn = config.contextDim ?? d;
    const kvOut = this.numKvHeads * this.headDim;
    this.qProj = this.child('q_proj', new Linear({ inFeatures: d, outFeatures: d, bias }, rng));
    this.kProj = this.child('k_proj', new Linear({ inFeatures: kvIn, outFeatures: kvOut, bias }, rng));
    this.vProj = this.child('v_proj', new Linear({ inFeatures: kvIn, outFeatures: kvOut, bias }, rng));
    this.outProj = this.child('out_proj', new Linear({ inFeatures: d, outFeatures: d, bias }, rng));
    this.weightsDropout = this.optionalChild('attention_dropout', optionalDropout(config.attentionDropout, rng));
    this.outDropout = this.optionalChild('dropout', optionalDropout(config.outputDropout, rng));
  }

  /** [b,l,heads·hd] → [b,heads,l,hd] */
  private splitHeads(t: tf.Tensor, heads: number): tf.Tensor {
    const [b, l] = t.shape as [number, number, number];
    return tf.transpose(tf.reshape(t, [b, l, heads, this.headDim]), [0, 2, 1, 3]);
  }

  /** Keys or values [b,kvh,s,hd] repeated for every query head of their group: [b,h,s,hd]. */
  private perQueryHead(t: tf.Tensor): tf.Tensor {
    const [b, kvh, s, hd] = t.shape as [number, number, number, number];
    const repeats = this.numHeads / kvh;
    return tf.reshape(expandGroups(tf.reshape(t, [b, kvh, s * hd]), repeats), [b, this.numHeads, s, hd]);
  }

  private keysValues(source: tf.Tensor, offset: number): { k: tf.Tensor; v: tf.Tensor } {
    let k = this.splitHeads(this.kProj.apply(source), this.numKvHeads);
    if (this.config.ropeBase !== undefined && this.config.contextDim === undefined) k = applyRope(k, offset, this.config.ropeBase);
    return { k, v: this.splitHeads(this.vProj.apply(source), this.numKvHeads) };
  }

  private queries(x: tf.Tensor, offset: number): tf.Tensor {
    const q = this.splitHeads(this.qProj.apply(x), this.numHeads);
    return this.config.ropeBase !== undefined && this.config.contextDim === undefined ? applyRope(q, offset, this.config.ropeBase) : q;
  }

  /** softmax(q kᵀ/√hd + bias) v, merged back to [b,l,d] and projected. */
  private attend(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, additiveMask: tf.Tensor | undefined): tf.Tensor {
    const [b, , l] = q.shape as [number, number, number, number];
    let scores = tf.div(tf.matMul(q, this.perQueryHead(k), false, true), Math.sqrt(this.headDim));
    if (additiveMask !== undefined) scores = tf.add(scores, additiveMask);
    const weights = tf.softmax(scores);
    const mixed = tf.matMul(this.weightsDropout?.apply(weights) ?? weights, this.perQueryHead(v)); // [b,h,l,hd]
    const out = this.outProj.apply(tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [b, l, this.config.dModel]));
    return this.outDropout?.apply(out) ?? out;
  }

  /** Padding mask [b,s] (1 keep, 0 pad) as an additive bias [b,1,1,s]. */
  private contextBias(ctx: MixerContext | undefined, b: number, s: number): tf.Tensor | undefined {
    if (ctx?.contextMask === undefined) return undefined;
    const mask = ctx.contextMask;
    if (mask.rank !== 2 || mask.shape[0] !== b || mask.shape[1] !== s) {
      layerError('MultiHeadAttention', `argument 'contextMask' must have shape [b,s] = [${b},${s}]; got [${mask.shape.join(',')}]`);
    }
    return tf.reshape(tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASKED), [b, 1, 1, s]);
  }

  private requireContext(ctx: MixerContext | undefined): tf.Tensor {
    const context = ctx?.context;
    if (context === undefined) layerError('MultiHeadAttention', "cross-attention needs 'context' [b,s,contextDim] in its ctx argument");
    if (context.rank !== 3) layerError('MultiHeadAttention', `argument 'context' must have rank 3 [b,s,contextDim]; got shape [${context.shape.join(',')}]`);
    requireLastDim('MultiHeadAttention', 'context', context.shape, this.config.contextDim as number);
    return context;
  }

  /** x [b,l,dModel] → [b,l,dModel] */
  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor {
    if (x.rank !== 3) layerError('MultiHeadAttention', `argument 'x' must have rank 3 [b,l,d]; got shape [${x.shape.join(',')}]`);
    requireLastDim('MultiHeadAttention', 'x', x.shape, this.config.dModel);
    return tf.tidy(() => {
      const [b, l] = x.shape as [number, number, number];
      const q = this.queries(x, 0);
      if (this.config.contextDim !== undefined) {
        const context = this.requireContext(ctx);
        const { k, v } = this.keysValues(context, 0);
        return this.attend(q, k, v, this.contextBias(ctx, b, context.shape[1] as number));
      }
      const { k, v } = this.keysValues(x, 0);
      return this.attend(q, k, v, this.causal ? causalBias(l) : undefined);
    });
  }

  initCache(batch: number, maxLen?: number): StateCache {
    if (!this.causal && this.config.contextDim === undefined) {
      layerError('MultiHeadAttention', 'step() needs causal self-attention or cross-attention; this layer is bidirectional');
    }
    return new StateCache('MultiHeadAttention', batch, maxLen);
  }

  /**
   * One token x [b,dModel] → [b,dModel], appending its key and value to the cache. Causal
   * self-attention on cpu and wasm (not while training with attention dropout, nor while gradients
   * are recorded) runs one fused kernel: the q, k, v projections are one matmul, and the kernel writes
   * the token's key and value into the cache's buffers in place (`keys`, `values` [b,kvHeads,capacity,hd],
   * grown by doubling: `StateCache.reserveRows`) and attends with one pass over the keys and one over
   * the values. Elsewhere tf ops, with the cache's `k` and `v` [b,kvHeads,length,hd] grown by concat.
   */
  step(x: tf.Tensor, cache: StateCache, ctx?: MixerContext): tf.Tensor {
    requireLastDim('MultiHeadAttention', 'x', x.shape, this.config.dModel);
    const position = cache.length;
    const b = x.shape[0] as number;
    cache.advance(b);
    if (this.config.contextDim === undefined && fusedDecode(AttentionDecodeStep) && !(this.training && this.weightsDropout !== undefined)) {
      return this.fusedStep(x, cache, position);
    }
    return tf.tidy(() => {
      const token = tf.expandDims(x, 1);
      const q = this.queries(token, position);
      if (this.config.contextDim !== undefined) {
        if (!cache.has('context_k')) {
          const { k, v } = this.keysValues(this.requireContext(ctx), 0);
          cache.set('context_k', k);
          cache.set('context_v', v);
        }
        const k = cache.get('context_k');
        const bias = this.contextBias(ctx, b, k.shape[2] as number);
        return tf.squeeze(this.attend(q, k, cache.get('context_v'), bias), [1]);
      }
      // a cache the fused kernel started (on cpu or wasm): its rows so far, as exact-length tensors
      for (const [buffer, name] of [['keys', 'k'], ['values', 'v']] as const) {
        if (cache.has(buffer)) {
          cache.set(name, tf.slice(cache.get(buffer), [0, 0, 0, 0], [-1, -1, position, -1]));
          cache.delete(buffer);
        }
      }
      const fresh = this.keysValues(token, position);
      const k = cache.has('k') ? tf.concat([cache.get('k'), fresh.k], 2) : fresh.k;
      const v = cache.has('v') ? tf.concat([cache.get('v'), fresh.v], 2) : fresh.v;
      cache.set('k', k);
      cache.set('v', v);
      return tf.squeeze(this.attend(q, k, v, undefined), [1]);
    });
  }

  /** The q ‖ k ‖ v projections of tokens x [b,dModel] as one matmul: [b, (heads + 2·kvHeads)·hd]. */
  private projectQkv(x: tf.Tensor): tf.Tensor {
    const projections = [this.qProj, this.kProj, this.vProj];
    const weights = projections.map((p) => p.weight);
    const transposed = decodeWithTransposedWeights();
    const weight = this.qkvWeight.get(weights, () => (transposed ? tf.transpose(tf.concat(weights, 0)) : tf.concat(weights, 0)));
    let y = tf.matMul(x, weight, false, !transposed);
    if (this.config.bias ?? false) {
      const biases = projections.map((p) => p.bias as tf.Variable);
      y = tf.add(y, this.qkvBias.get(biases, () => tf.concat(biases, 0)));
    }
    return y;
  }

  private fusedStep(x: tf.Tensor, cache: StateCache, position: number): tf.Tensor {
    return tf.tidy(() => {
      const b = x.shape[0] as number;
      const shape = (capacity: number) => [b, this.numKvHeads, capacity, this.headDim];
      // a cache the composite step started (on another backend): its rows become the buffers' first
      for (const [name, buffer] of [['k', 'keys'], ['v', 'values']] as const) {
        const rows = cache.take(name);
        if (rows !== undefined) cache.set(buffer, rows);
      }
      const keys = cache.reserveRows('keys', 2, position + 1, shape);
      const values = cache.reserveRows('values', 2, position + 1, shape);
      const mixed = tf.engine().runKernel(
        AttentionDecodeStep,
        { qkv: this.projectQkv(x), keys, values },
        { position, numHeads: this.numHeads, numKvHeads: this.numKvHeads, ropeBase: this.config.ropeBase ?? 0 },
      ) as tf.Tensor;
      const out = this.outProj.step(mixed);
      return this.outDropout?.apply(out) ?? out;
    });
  }

  override dispose(): void {
    this.qkvWeight.dispose();
    this.qkvBias.dispose();
    super.dispose();
  }
}

/** Additive causal mask [l,l]: 0 on and below the diagonal, −1e9 above. */
function causalBias(l: number): tf.Tensor {
  const values = new Float32Array(l * l);
  for (let i = 0; i < l; i++) for (let j = i + 1; j < l; j++) values[i * l + j] = MASKED;
  return tf.tensor2d(values, [l, l]);
}
