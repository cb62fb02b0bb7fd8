import * as tf from '@tensorflow/tfjs';
import { selectiveScan } from '../ops/selective-scan.js';
import { selectiveScanStep } from '../ops/scan-step.js';
import type { ScanImpl } from '../ops/scan-types.js';
import type { Rng } from '../util/random.js';
import { CausalConv1d } from './causal-conv1d.js';
import { DerivedTensor, decodeWithTransposedWeights } from './decode-support.js';
import { inverseSoftplusDt } from './init.js';
import { layerError, requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Linear } from './linear.js';
import { Module, overwrite } from './module.js';
import { StateCache } from './state-cache.js';
import type { RecurrentMixer } from './state-cache.js';

export interface MambaConfig {
  dModel: number;
  /** N, default 16 */
  dState?: number;
  /** default 4 */
  dConv?: number;
  /** d_inner = expand · dModel, default 2 */
  expand?: number;
  /** rank of the dt projection, default ⌈dModel/16⌉ */
  dtRank?: number;
  dtMin?: number;
  dtMax?: number;
  dtInitFloor?: number;
  /** scan implementation, default 'auto' */
  impl?: ScanImpl;
}

/**
 * The Mamba-1 mixer (Gu & Dao 2023, Fig. 3; `mamba_simple.Mamba`): in_proj → (x, z);
 * x → causal depthwise conv → SiLU → x_proj → (dt_low, B, C); dt = dt_proj(dt_low);
 * y = selective_scan(x, dt, A = −exp(A_log), B, C, D, z, dt_proj.bias, softplus); out_proj(y).
 * Init as the reference: A_log = log(1..N) per channel (S4D-real), D = 1, dt_proj.weight
 * U(±dt_rank^−½), dt_proj.bias = softplus⁻¹(dt) with dt log-uniform in [dtMin, dtMax].
 */
export class Mamba extends Module implements RecurrentMixer {
  readonly dInner: number;
  readonly dState: number;
  readonly dtRank: number;
  readonly dConv: number;
  readonly impl: ScanImpl;
  private readonly inProj: Linear;
  private readonly conv1d: CausalConv1d;
  private readonly xProj: Linear;
  private readonly dtProj: Linear;
  readonly ALog: tf.Variable;
  readonly D: tf.Variable;
  private readonly outProj: Linear;
  /** dt_proj's weight transposed, kept between decode steps on wasm */
  private readonly dtWeight = new DerivedTensor();

  constructor(readonly config: MambaConfig, rng: Rng) {
    super();
    const d = requirePositiveInteger('Mamba', 'dModel', config.dModel);
    this.dState = requirePositiveInteger('Mamba', 'dState', config.dState ?? 16);
    this.dConv = requirePositiveInteger('Mamba', 'dConv', config.dConv ?? 4);
    this.dInner = requirePositiveInteger('Mamba', 'expand·dModel', (config.expand ?? 2) * d);
    this.dtRank = requirePositiveInteger('Mamba', 'dtRank', config.dtRank ?? Math.ceil(d / 16));
    this.impl = config.impl ?? 'auto';
    const n = this.dState;
    this.inProj = this.child('in_proj', new Linear({ inFeatures: d, outFeatures: 2 * this.dInner, bias: false }, rng));
    this.conv1d = this.child('conv1d', new CausalConv1d({ channels: this.dInner, kernelSize: this.dConv }, rng));
    this.xProj = this.child('x_proj', new Linear({ inFeatures: this.dInner, outFeatures: this.dtRank + 2 * n, bias: false }, rng));
    this.dtProj = this.child('dt_proj', new Linear({ inFeatures: this.dtRank, outFeatures: this.dInner }, rng));
    const dtStd = this.dtRank ** -0.5;
    overwrite(this.dtProj.weight, rng.uniformTensor([this.dInner, this.dtRank], -dtStd, dtStd));
    overwrite(this.dtProj.bias as tf.Variable, inverseSoftplusDt(rng, this.dInner, config.dtMin ?? 1e-3, config.dtMax ?? 1e-1, config.dtInitFloor ?? 1e-4));
    const aInit = Float32Array.from({ length: this.dInner * n }, (_, i) => Math.log((i % n) + 1));
    this.ALog = this.parameter('A_log', tf.tensor2d(aInit, [this.dInner, n]));
    this.D = this.parameter('D', tf.ones([this.dInner]));
    this.outProj = this.child('out_proj', new Linear({ inFeatures: this.dInner, outFeatures: d, bias: false }, rng));
  }

  /** (dt_low, B, C) from the convolved input, and dt = dt_proj.weight · dt_low (bias goes to the scan). */
  private selectiveParameters(x: tf.Tensor): { delta: tf.Tensor; B: tf.Tensor; C: tf.Tensor } {
    const [dtLow, B, C] = tf.split(this.xProj.apply(x), [this.dtRank, this.dState, this.dState], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const lead = dtLow.shape.slice(0, -1);
    const flat = tf.reshape(dtLow, [-1, this.dtRank]) as tf.Tensor2D;
    const delta = tf.reshape(tf.matMul(flat, this.dtProj.weight as tf.Tensor2D, false, true), [...lead, this.dInner]);
    return { delta, B, C };
  }

  /** x [b,l,dModel] → [b,l,dModel] */
  apply(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 3) layerError('Mamba', `argument 'x' must have rank 3 [b,l,d]; got shape [${x.shape.join(',')}]`);
    requireLastDim('Mamba', 'x', x.shape, this.config.dModel);
    return tf.tidy(() => {
      const [xIn, z] = tf.split(this.inProj.apply(x), 2, -1) as [tf.Tensor, tf.Tensor];
      const conv = this.conv1d.apply(xIn);
      const u = tf.mul(conv, tf.sigmoid(conv));
      const { delta, B, C } = this.selectiveParameters(u);
      const { y } = selectiveScan(
        { u, delta, A: tf.neg(tf.exp(this.ALog)), B, C, D: this.D, z, deltaBias: this.dtProj.bias, deltaSoftplus: true },
        { impl: this.impl },
      );
      return this.outProj.apply(y);
    });
  }

  initCache(batch: number, maxLen?: number): StateCache {
    const cache = new StateCache('Mamba', batch, maxLen);
    cache.set('conv', tf.zeros([batch, this.dConv - 1, this.dInner]));
    cache.set('ssm', tf.zeros([batch, this.dInner, this.dState]));
    return cache;
  }

  /**
   * One token x [b,dModel] → [b,dModel], updating the conv window and the SSM state. The projections
   * run in their decode form (`Linear.step`: on wasm by transposed weights kept between steps).
   */
  step(x: tf.Tensor, cache: StateCache): tf.Tensor {
    requireLastDim('Mamba', 'x', x.shape, this.config.dModel);
    cache.advance(x.shape[0] as number);
    return tf.tidy(() => {
      const [xIn, z] = tf.split(this.inProj.step(x), 2, -1) as [tf.Tensor, tf.Tensor];
      const conv = this.conv1d.step(xIn, cache.get('conv'));
      cache.set('conv', conv.window);
      const u = tf.mul(conv.y, tf.sigmoid(conv.y));
      const [dtLow, B, C] = tf.split(this.xProj.step(u), [this.dtRank, this.dState, this.dState], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const transposed = decodeWithTransposedWeights();
      const dtWeight = transposed ? this.dtWeight.get([this.dtProj.weight], () => tf.transpose(this.dtProj.weight)) : this.dtProj.weight;
      const delta = tf.matMul(dtLow, dtWeight, false, !transposed);
      const { y, state } = selectiveScanStep({
        u, delta, A: tf.neg(tf.exp(this.ALog)), B, C, D: this.D, z, deltaBias: this.dtProj.bias, deltaSoftplus: true, state: cache.get('ssm'),
      });
      cache.set('ssm', state);
      return this.outProj.step(y);
    });
  }

  override dispose(): void {
    this.dtWeight.dispose();
    super.dispose();
  }
}
