import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Dropout, LayerNorm, Linear, Mamba, Mlp, Module, gelu, overwrite } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import { BatchNorm1d } from './batch-norm.js';
import type { PointLossTerms } from './classifier-types.js';

// Building blocks shared by the point-cloud models, written as the PyTorch modules of the reference
// code (PoinTramba's models/point_mamba.py, Point-BERT's models/Point_BERT.py and dvae.py) with the
// same parameter names: children of an nn.Sequential are named by their index ('0', '1', '3', …).
// A kernel-size-1 nn.Conv1d is a Linear over the channel axis (channels-last); its weight is
// [out, in] here where PyTorch's is [out, in, 1], and its default init is the same U(±1/√in).

/**
 * Stochastic depth (Huang et al. 2016; timm's DropPath): while training, each sample (the first axis)
 * of a residual branch is zeroed with probability `rate` and the others scaled by 1/(1 − rate); the
 * identity otherwise. Core's Dropout with one draw per sample (same seeding, so resumes draw alike).
 */
export class DropPath extends Dropout {
  constructor(rate: number, rng: Rng) {
    if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) throw new ArgumentError(`DropPath: 'rate' must be in [0, 1); got ${rate}`);
    super(rate, rng);
  }

  protected override noiseShape(x: tf.Tensor): number[] {
    return [x.shape[0] as number, ...x.shape.slice(1).map(() => 1)];
  }
}

/** A DropPath when `rate` > 0, else undefined (nn.Identity; no draw from the init stream). */
export function optionalDropPath(rate: number, rng: Rng): DropPath | undefined {
  return rate > 0 ? new DropPath(rate, rng) : undefined;
}

/** `count` rates evenly spaced from 0 to `max` (torch.linspace(0, max, count)). */
export function linspace(max: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? 0 : (max * i) / (count - 1)));
}

let detachOp: ((x: tf.Tensor) => tf.Tensor) | undefined;

/** x with no gradient (torch's .detach()): the identity forward, a zero gradient backward. */
export function detach(x: tf.Tensor): tf.Tensor {
  detachOp ??= tf.customGrad(((input: tf.Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
  return detachOp(x);
}

/**
 * `compute(x)` (an int32 index tensor, e.g. an argsort) as a node with a zero gradient towards x: tfjs
 * has no gradient for TopK, and an index computed from a tensor on the gradient tape would otherwise
 * stop backpropagation. Its inner ops are not recorded.
 */
export function indicesFrom(x: tf.Tensor, compute: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: compute(input),
    gradFunc: () => tf.zeros(input.shape),
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
  return op(x);
}

let gatherOp: ((x: tf.Tensor, order: tf.Tensor) => tf.Tensor) | undefined;

/**
 * Tokens x [b, g, ...] reordered per sample by `order` [b, l] (int32 indices into g; l may differ from
 * g, e.g. two concatenated orders): [b, l, ...] — torch's x.gather(1, order) as the reference codes
 * use it. The gradient is a one-hot batched matmul (a scatter-add), not tfjs's gather gradient, whose
 * UnsortedSegmentSum kernel the wasm backend lacks.
 */
export function gatherTokens(x: tf.Tensor, order: tf.Tensor): tf.Tensor {
  if (order.rank !== 2 || order.shape[0] !== x.shape[0]) {
    throw new ArgumentError(`gatherTokens: 'order' must have shape [b, l] with b = ${x.shape[0]}; got [${order.shape.join(',')}]`);
  }
  if (order.dtype !== 'int32') throw new ArgumentError(`gatherTokens: 'order' must be int32; got ${order.dtype}`);
  gatherOp ??= tf.customGrad(((input: tf.Tensor, indices: tf.Tensor, save: tf.GradSaveFunc) => {
    save([indices]);
    const [b, g] = input.shape as [number, number];
    const rest = input.shape.slice(2);
    const inner = rest.reduce((a, s) => a * s, 1);
    const l = indices.shape[1] as number;
    const offsets = tf.mul(tf.reshape(tf.range(0, b, 1, 'int32'), [b, 1]), tf.scalar(g, 'int32'));
    const flatIndices = tf.reshape(tf.add(indices, offsets), [-1]);
    const value = tf.reshape(tf.gather(tf.reshape(input, [b * g, inner]), flatIndices), [b, l, ...rest]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const idx = saved[0] as tf.Tensor;
      const oneHot = tf.cast(tf.oneHot(idx, g), 'float32') as tf.Tensor3D; // [b, l, g]
      const dx = tf.matMul(oneHot, tf.reshape(dy, [b, l, inner]) as tf.Tensor3D, true, false); // [b, g, inner]
      return [tf.reshape(dx, input.shape), tf.zeros(idx.shape)];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, order: tf.Tensor) => tf.Tensor;
  return gatherOp(x, order);
}

let maxOp: ((x: tf.Tensor) => tf.Tensor) | undefined;

/**
 * max over axis 1 of x [b, n, ...] → [b, ...] (the symmetric pooling of PointNet and the group
 * encoders). Same gradient as tfjs's (dy to every position equal to the max), but the mask is
 * 1 − step(max − x) instead of equal(x, max): the wasm backend's Equal costs 85 ns per element
 * (4.4 s on PointNet's [32, 1024, 1024] features), Sub and Step a few.
 */
export function maxOverPoints(x: tf.Tensor): tf.Tensor {
  maxOp ??= tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const value = tf.max(input, 1);
    save([input, value]);
    const gradFunc = (dy: tf.Tensor, [savedX, savedMax]: tf.Tensor[]) => {
      const notMax = tf.step(tf.sub(tf.expandDims(savedMax as tf.Tensor, 1), savedX as tf.Tensor));
      return tf.mul(tf.sub(1, notMax), tf.expandDims(dy, 1));
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
  return maxOp(x);
}

/** x / ‖x‖₂ over the last axis (the reference's Normalize(dim=1) on [B, C, N]; no ε, as there). */
export function l2Normalize(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(x, tf.norm(x, 'euclidean', -1, true)));
}

/**
 * Mean cross-entropy of logits [b, k] against int32 labels [b]. With `smoothing` ε > 0, Point-BERT's
 * smoothed target (1 − ε on the label, ε/(k − 1) on each other class), not PyTorch's label_smoothing.
 */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, smoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[1] as number;
    let target = tf.cast(tf.oneHot(tf.cast(labels, 'int32'), k), 'float32');
    if (smoothing > 0) target = tf.add(tf.mul(target, 1 - smoothing), tf.mul(tf.sub(1, target), smoothing / (k - 1)));
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  });
}

/** Percentage of argmax(logits) equal to labels. */
export function accuracy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')), 100) as tf.Scalar);
}

/** The loss terms of a classifier trained on cross-entropy alone (optionally label-smoothed): total = ce. */
export function crossEntropyTerms(logits: tf.Tensor, labels: tf.Tensor, smoothing = 0): PointLossTerms {
  return tf.tidy(() => {
    const ce = crossEntropy(logits, labels, smoothing);
    return { total: tf.clone(ce), ce, accuracy: accuracy(logits, labels) };
  });
}

/**
 * nn.Sequential(Conv1d(in, hidden, 1), BatchNorm1d(hidden), ReLU, Conv1d(hidden, out, 1)[, Normalize]):
 * the reference's mini-PointNet halves, score predictor and projection heads. x [..., in] → [..., out].
 */
export class ConvBnReluConv extends Module {
  private readonly first: Linear;
  private readonly bn: BatchNorm1d;
  private readonly second: Linear;

  constructor(inFeatures: number, hidden: number, outFeatures: number, rng: Rng, readonly normalize = false) {
    super();
    this.first = this.child('0', new Linear({ inFeatures, outFeatures: hidden }, rng));
    this.bn = this.child('1', new BatchNorm1d(hidden));
    this.second = this.child('3', new Linear({ inFeatures: hidden, outFeatures }, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const y = this.second.apply(tf.relu(this.bn.apply(this.first.apply(x))));
      return this.normalize ? l2Normalize(y) : y;
    });
  }
}

/**
 * The mini-PointNet group encoder (Point-BERT's dvae.Encoder, PoinTramba's and PointMamba's Encoder):
 * per point Conv-BN-ReLU-Conv to 256, max over the group, that global feature concatenated before each
 * point's, Conv-BN-ReLU-Conv to C, max over the group. groups [b, g, k, in] → tokens [b, g, C].
 * `widths` [hidden, feature, hidden2] are the reference's 128, 256, 512 unless given (CPU-sized models
 * shrink them).
 */
export const MINI_POINTNET_WIDTHS: readonly [number, number, number] = [128, 256, 512];

export class MiniPointNet extends Module {
  private readonly firstConv: ConvBnReluConv;
  private readonly secondConv: ConvBnReluConv;

  constructor(readonly encoderChannel: number, rng: Rng, readonly inChannel = 3, widths: readonly number[] = MINI_POINTNET_WIDTHS) {
    super();
    const [hidden, feature, hidden2] = widths;
    if (widths.length !== 3 || !widths.every((w) => Number.isInteger(w) && w >= 1)) {
      throw new ArgumentError(`MiniPointNet: 'widths' must be three positive integers [hidden, feature, hidden2]; got [${widths.join(', ')}]`);
    }
    this.firstConv = this.child('first_conv', new ConvBnReluConv(inChannel, hidden as number, feature as number, rng));
    this.secondConv = this.child('second_conv', new ConvBnReluConv(2 * (feature as number), hidden2 as number, encoderChannel, rng));
  }

  apply(groups: tf.Tensor): tf.Tensor {
    if (groups.rank !== 4 || groups.shape[3] !== this.inChannel) {
      throw new ArgumentError(`MiniPointNet: 'neighborhood' must have shape [b, g, k, ${this.inChannel}]; got [${groups.shape.join(',')}]`);
    }
    return tf.tidy(() => {
      const [b, g, k] = groups.shape as [number, number, number, number];
      const feature = this.firstConv.apply(tf.reshape(groups, [b * g, k, this.inChannel])); // [bg, k, feature]
      const global = tf.expandDims(maxOverPoints(feature), 1);
      const joined = tf.concat([tf.tile(global, [1, k, 1]), feature], -1); // [bg, k, 2·feature]
      const out = maxOverPoints(this.secondConv.apply(joined)); // [bg, C]
      return tf.reshape(out, [b, g, this.encoderChannel]);
    });
  }
}

/** nn.Sequential(Linear(in, 128), GELU, Linear(128, out)): the position embedding of centres. */
export class PosEmbed extends Module {
  private readonly first: Linear;
  private readonly second: Linear;

  constructor(outFeatures: number, rng: Rng, inFeatures = 3, hidden = 128) {
    super();
    this.first = this.child('0', new Linear({ inFeatures, outFeatures: hidden }, rng));
    this.second = this.child('2', new Linear({ inFeatures: hidden, outFeatures }, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.second.apply(gelu(this.first.apply(x))));
  }
}

/**
 * The classification head of PointMamba and PoinTramba: Linear(in, 256)-BN-ReLU-Dropout(0.5)-
 * Linear(256, 256)-BN-ReLU-Dropout(0.5)-Linear(256, classes); features [b, in] → logits [b, classes].
 */
export class BnClsHead extends Module {
  private readonly fc1: Linear;
  private readonly bn1: BatchNorm1d;
  private readonly drop1: Dropout | undefined;
  private readonly fc2: Linear;
  private readonly bn2: BatchNorm1d;
  private readonly drop2: Dropout | undefined;
  private readonly fc3: Linear;

  constructor(inFeatures: number, numClasses: number, rng: Rng, dropout = 0.5, hidden = 256) {
    super();
    this.fc1 = this.child('0', new Linear({ inFeatures, outFeatures: hidden }, rng));
    this.bn1 = this.child('1', new BatchNorm1d(hidden));
    this.drop1 = dropout > 0 ? this.child('3', new Dropout(dropout, rng)) : undefined;
    this.fc2 = this.child('4', new Linear({ inFeatures: hidden, outFeatures: hidden }, rng));
    this.bn2 = this.child('5', new BatchNorm1d(hidden));
    this.drop2 = dropout > 0 ? this.child('7', new Dropout(dropout, rng)) : undefined;
    this.fc3 = this.child('8', new Linear({ inFeatures: hidden, outFeatures: numClasses }, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let h = tf.relu(this.bn1.apply(this.fc1.apply(x)));
      h = this.drop1?.apply(h) ?? h;
      h = tf.relu(this.bn2.apply(this.fc2.apply(h)));
      h = this.drop2?.apply(h) ?? h;
      return this.fc3.apply(h);
    });
  }
}

/**
 * The ViT/timm attention of Point-BERT and PoinTramba's intra-group Transformer: one fused qkv
 * projection (no bias, qkv_bias=False), softmax(q kᵀ / √hd) v over all tokens (bidirectional), an
 * output projection with bias. Core's MultiHeadAttention has one bias switch for all four projections
 * and separate q/k/v weights, hence this local form (it also keeps the reference's parameter names).
 */
export class VitAttention extends Module {
  private readonly qkv: Linear;
  private readonly proj: Linear;
  readonly headDim: number;

  constructor(readonly dim: number, readonly numHeads: number, rng: Rng, qkvBias = false) {
    super();
    if (dim % numHeads !== 0) throw new ArgumentError(`VitAttention: dim=${dim} must be divisible by numHeads=${numHeads}`);
    this.headDim = dim / numHeads;
    this.qkv = this.child('qkv', new Linear({ inFeatures: dim, outFeatures: 3 * dim, bias: qkvBias }, rng));
    this.proj = this.child('proj', new Linear({ inFeatures: dim, outFeatures: dim }, rng));
  }

  /** x [b, n, dim] → [b, n, dim] */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [b, n] = x.shape as [number, number, number];
      const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, n, this.numHeads, this.headDim]), [0, 2, 1, 3]);
      const [q, k, v] = tf.split(this.qkv.apply(x), 3, -1).map(heads) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const weights = tf.softmax(tf.mul(tf.matMul(q, k, false, true), this.headDim ** -0.5));
      const mixed = tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]);
      return this.proj.apply(tf.reshape(mixed, [b, n, this.dim]));
    });
  }
}

/** The pre-norm Transformer block: x + dp(attn(norm1 x)), then + dp(mlp(norm2 x)) (GELU MLP, ratio 4, with biases). */
export class VitBlock extends Module {
  private readonly norm1: LayerNorm;
  private readonly attn: VitAttention;
  private readonly norm2: LayerNorm;
  private readonly mlp: Mlp;
  private readonly dropPath: DropPath | undefined;

  constructor(dim: number, numHeads: number, dropPath: number, rng: Rng) {
    super();
    this.norm1 = this.child('norm1', new LayerNorm(dim));
    this.dropPath = this.optionalChild('drop_path', optionalDropPath(dropPath, rng));
    this.norm2 = this.child('norm2', new LayerNorm(dim));
    this.mlp = this.child('mlp', new Mlp({ dModel: dim, hidden: 4 * dim, bias: true }, rng));
    this.attn = this.child('attn', new VitAttention(dim, numHeads, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const branch = (t: tf.Tensor) => this.dropPath?.apply(t) ?? t;
      const h = tf.add(x, branch(this.attn.apply(this.norm1.apply(x))));
      return tf.add(h, branch(this.mlp.apply(this.norm2.apply(h))));
    });
  }
}

/** Point-BERT's TransformerEncoder: the position embedding is added before every block, x = block(x + pos). */
export class TransformerEncoder extends Module {
  private readonly blocks: VitBlock[];

  constructor(dim: number, depth: number, numHeads: number, dropPathRates: number[], rng: Rng) {
    super();
    this.blocks = Array.from({ length: depth }, (_, i) => this.child(`blocks.${i}`, new VitBlock(dim, numHeads, dropPathRates[i] ?? 0, rng)));
  }

  apply(x: tf.Tensor, pos: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.blocks.reduce((h, block) => block.apply(tf.add(h, pos)), x));
  }
}

/** One Block of PoinTramba's models/block.py (mamba_ssm's Add → LN → Mixer block). */
class MambaBlock extends Module {
  readonly mixer: Mamba;
  readonly norm: LayerNorm;
  readonly dropPath: DropPath | undefined;

  constructor(dModel: number, dropPath: number, mamba: { dState: number; dConv: number; expand: number }, rng: Rng) {
    super();
    this.mixer = this.child('mixer', new Mamba({ dModel, ...mamba }, rng));
    this.norm = this.child('norm', new LayerNorm(dModel));
    this.dropPath = this.optionalChild('drop_path', optionalDropPath(dropPath, rng));
  }
}

export interface MixerModelConfig {
  dModel: number;
  depth: number;
  /** one rate for every block (PoinTramba) or one per block */
  dropPath: number | number[];
  /** dropout after each block's mixer (drop_out_in_block), default 0 */
  dropOutInBlock?: number;
  dState?: number;
  dConv?: number;
  expand?: number;
}

/**
 * PoinTramba's MixerModel (models/point_mamba.py): h = tokens + pos; per block i,
 * residual = dp_i(h) + residual (residual = h at block 0), h = Mamba_i(LN_i(residual)); at the end
 * norm_f(h + residual) — the last block's output is added without drop path, as in the code. Init as
 * its _init_weights: each Mamba's out_proj.weight is scaled by 1/√depth (GPT-2's residual rescale);
 * the Linear biases it zeroes do not exist in Mamba (dt_proj.bias is marked _no_reinit).
 */
export class MambaMixerModel extends Module {
  private readonly layers: MambaBlock[];
  private readonly normF: LayerNorm;
  private readonly dropOutInBlock: Dropout | undefined;

  constructor(readonly config: MixerModelConfig, rng: Rng) {
    super();
    const { dModel, depth } = config;
    const mamba = { dState: config.dState ?? 16, dConv: config.dConv ?? 4, expand: config.expand ?? 2 };
    this.layers = Array.from({ length: depth }, (_, i) => {
      const rate = Array.isArray(config.dropPath) ? (config.dropPath[i] ?? 0) : config.dropPath;
      const block = this.child(`layers.${i}`, new MambaBlock(dModel, rate, mamba, rng));
      const outProj = block.mixer.parameters().get('out_proj.weight') as tf.Variable;
      overwrite(outProj, tf.div(outProj, Math.sqrt(depth)));
      return block;
    });
    this.normF = this.child('norm_f', new LayerNorm(dModel));
    const rate = config.dropOutInBlock ?? 0;
    this.dropOutInBlock = rate > 0 ? this.child('drop_out_in_block', new Dropout(rate, rng)) : undefined;
  }

  /** tokens, pos [b, l, d] → [b, l, d] */
  apply(tokens: tf.Tensor, pos: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let hidden = tf.add(tokens, pos);
      let residual: tf.Tensor | undefined;
      for (const layer of this.layers) {
        residual = residual === undefined ? hidden : tf.add(layer.dropPath?.apply(hidden) ?? hidden, residual);
        hidden = layer.mixer.apply(layer.norm.apply(residual));
        hidden = this.dropOutInBlock?.apply(hidden) ?? hidden;
      }
      return this.normF.apply(residual === undefined ? hidden : tf.add(hidden, residual));
    });
  }
}
