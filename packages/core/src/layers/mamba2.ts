import * as tf from '@tensorflow/tfjs';
import { ssdScan } from '../ops/ssd-scan.js';
import { Mamba2DecodeStep } from '../ops/decode-kernel-names.js';
import { ssdStep } from '../ops/scan-step.js';
import type { ScanImpl } from '../ops/scan-types.js';
import type { Rng } from '../util/random.js';
import { CausalConv1d } from './causal-conv1d.js';
import { fusedDecode } from './decode-support.js';
import { GatedRMSNorm } from './gated-rms-norm.js';
import { inverseSoftplusDt } from './init.js';
import { layerError, requireDivisible, requireLastDim, requirePositiveInteger } from './layer-errors.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { StateCache } from './state-cache.js';
import type { RecurrentMixer } from './state-cache.js';

export interface Mamba2Config {
  dModel: number;
  /** N, default 64 (the reference default is 128; smaller suits small models) */
  dState?: number;
  /** default 4 */
  dConv?: number;
  /** default 2 */
  expand?: number;
  /** P, default 64 */
  headdim?: number;
  /** groups sharing B and C, default 1 */
  ngroups?: number;
  /** A = −U(lo, hi) per head, default [1, 16] */
  aInitRange?: [number, number];
  dtMin?: number;
  dtMax?: number;
  dtInitFloor?: number;
  /** SSD chunk length; default: the scan op's (tuned per shape where `auto` runs `chunked`, else 64) */
  chunkSize?: number;
  impl?: ScanImpl;
}

/**
 * The Mamba-2 mixer (Dao & Gu 2024, Fig. 6; `mamba2_simple.Mamba2Simple`): in_proj → (z, xBC, dt);
 * xBC → causal depthwise conv → SiLU → (x, B, C); y = SSD(x, dt, A = −exp(A_log), B, C, D, dt_bias);
 * y = RMSNormGated(y, z); out_proj(y). Heads = d_inner / headdim; B and C shared by `ngroups` groups.
 * Init as the reference: A_log = log U(1, 16), D = 1, dt_bias = softplus⁻¹(dt) with dt log-uniform.
 */
export class Mamba2 extends Module implements RecurrentMixer {
  readonly dInner: number;
  readonly dState: number;
  readonly dConv: number;
  readonly headdim: number;
  readonly nheads: number;
  readonly ngroups: number;
  readonly chunkSize: number | undefined;
  readonly impl: ScanImpl;
  private readonly inProj: Linear;
  private readonly conv1d: CausalConv1d;
  readonly dtBias: tf.Variable;
  readonly ALog: tf.Variable;
  readonly D: tf.Variable;
  private readonly norm: GatedRMSNorm;
  private readonly outProj: Linear;

  constructor(readonly config: Mamba2Config, rng: Rng) {
    super();
    const d = requirePositiveInteger('Mamba2', 'dModel', config.dModel);
    this.dState = requirePositiveInteger('Mamba2', 'dState', config.dState ?? 64);
    this.dConv = requirePositiveInteger('Mamba2', 'dConv', config.dConv ?? 4);
    this.dInner = requirePositiveInteger('Mamba2', 'expand·dModel', (config.expand ?? 2) * d);
    this.headdim = requirePositiveInteger('Mamba2', 'headdim', config.headdim ?? 64);
    this.ngroups = requirePositiveInteger('Mamba2', 'ngroups', config.ngroups ?? 1);
    requireDivisible('Mamba2', 'd_inner (expand·dModel)', this.dInner, 'headdim', this.headdim);
    this.nheads = this.dInner / this.headdim;
    requireDivisible('Mamba2', 'nheads (d_inner/headdim)', this.nheads, 'ngroups', this.ngroups);
    this.chunkSize = config.chunkSize === undefined ? undefined : requirePositiveInteger('Mamba2', 'chunkSize', config.chunkSize);
    this.impl = config.impl ?? 'auto';
    const convDim = this.dInner + 2 * this.ngroups * this.dState;
    this.inProj = this.child('in_proj', new Linear({ inFeatures: d, outFeatures: this.dInner + convDim + this.nheads, bias: false }, rng));
    this.conv1d = this.child('conv1d', new CausalConv1d({ channels: convDim, kernelSize: this.dConv }, rng));
    this.dtBias = this.parameter('dt_bias', inverseSoftplusDt(rng, this.nheads, config.dtMin ?? 1e-3, config.dtMax ?? 1e-1, config.dtInitFloor ?? 1e-4));
    const [lo, hi] = config.aInitRange ?? [1, 16];
    if (!(lo > 0 && hi >= lo)) layerError('Mamba2', `config 'aInitRange' must satisfy 0 < lo <= hi; got [${lo}, ${hi}]`);
    this.ALog = this.parameter('A_log', tf.tidy(() => tf.log(rng.uniformTensor([this.nheads], lo, hi))));
    this.D = this.parameter('D', tf.ones([this.nheads]));
    this.norm = this.child('norm', new GatedRMSNorm(this.dInner, this.dInner / this.ngroups));
    this.outProj = this.child('out_proj', new Linear({ inFeatures: this.dInner, outFeatures: d, bias: false }, rng));
  }

  private splitProjection(zxbcdt: tf.Tensor): { z: tf.Tensor; xBC: tf.Tensor; dt: tf.Tensor } {
    const convDim = this.dInner + 2 * this.ngroups * this.dState;
    const [z, xBC, dt] = tf.split(zxbcdt, [this.dInner, convDim, this.nheads], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    return { z, xBC, dt };
  }

  /** Activated xBC [..., convDim] → x [..., h, p], B and C [..., g, n]. */
  private splitXBC(xBC: tf.Tensor): { x: tf.Tensor; B: tf.Tensor; C: tf.Tensor } {
    const lead = xBC.shape.slice(0, -1);
    const gn = this.ngroups * this.dState;
    const [x, B, C] = tf.split(xBC, [this.dInner, gn, gn], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    return {
      x: tf.reshape(x, [...lead, this.nheads, this.headdim]),
      B: tf.reshape(B, [...lead, this.ngroups, this.dState]),
      C: tf.reshape(C, [...lead, this.ngroups, this.dState]),
    };
  }

  /** x [b,l,dModel] → [b,l,dModel] */
  apply(u: tf.Tensor): tf.Tensor {
    if (u.rank !== 3) layerError('Mamba2', `argument 'x' must have rank 3 [b,l,d]; got shape [${u.shape.join(',')}]`);
    requireLastDim('Mamba2', 'x', u.shape, this.config.dModel);
    return tf.tidy(() => {
      const [b, l] = u.shape as [number, number, number];
      const { z, xBC, dt } = this.splitProjection(this.inProj.apply(u));
      const conv = this.conv1d.apply(xBC);
      const { x, B, C } = this.splitXBC(tf.mul(conv, tf.sigmoid(conv)));
      const { y } = ssdScan(
        { x, dt, A: tf.neg(tf.exp(this.ALog)), B, C, D: this.D, dtBias: this.dtBias, dtSoftplus: true },
        { impl: this.impl, chunkSize: this.chunkSize },
      );
      return this.outProj.apply(this.norm.apply(tf.reshape(y, [b, l, this.dInner]), z));
    });
  }

  initCache(batch: number, maxLen?: number): StateCache {
    const cache = new StateCache('Mamba2', batch, maxLen);
    cache.set('conv', tf.zeros([batch, this.dConv - 1, this.dInner + 2 * this.ngroups * this.dState]));
    cache.set('ssm', tf.zeros([batch, this.nheads, this.headdim, this.dState]));
    return cache;
  }

  /**
   * One token x [b,dModel] → [b,dModel], updating the conv window and the SSM state. On cpu and wasm
   * (unless `impl` is 'reference' or gradients are recorded) everything between in_proj and out_proj is
   * one fused kernel that updates the cache in place (`ops/decode-kernel-names.ts`); elsewhere tf ops.
   */
  step(u: tf.Tensor, cache: StateCache): tf.Tensor {
    requireLastDim('Mamba2', 'x', u.shape, this.config.dModel);
    cache.advance(u.shape[0] as number);
    if (this.impl !== 'reference' && fusedDecode(Mamba2DecodeStep)) {
      return tf.tidy(() => {
        const y = tf.engine().runKernel(
          Mamba2DecodeStep,
          {
            zxbcdt: this.inProj.step(u), convWindow: cache.get('conv'), convWeight: this.conv1d.weight,
            convBias: this.conv1d.bias ?? tf.zeros([0]), dtBias: this.dtBias, ALog: this.ALog, D: this.D,
            normWeight: this.norm.weight, state: cache.get('ssm'),
          },
          {
            nheads: this.nheads, headdim: this.headdim, dState: this.dState, ngroups: this.ngroups,
            normGroupSize: this.norm.groupSize, eps: this.norm.eps,
          },
        ) as tf.Tensor;
        return this.outProj.step(y);
      });
    }
    return tf.tidy(() => {
      const b = u.shape[0] as number;
      const { z, xBC, dt } = this.splitProjection(this.inProj.step(u));
      const conv = this.conv1d.step(xBC, cache.get('conv'));
      cache.set('conv', conv.window);
      const { x, B, C } = this.splitXBC(tf.mul(conv.y, tf.sigmoid(conv.y)));
      const { y, state } = ssdStep({
        x, dt, A: tf.neg(tf.exp(this.ALog)), B, C, D: this.D, dtBias: this.dtBias, dtSoftplus: true, state: cache.get('ssm'),
      }, { impl: this.impl === 'reference' ? 'reference' : 'auto' });
      cache.set('ssm', state);
      return this.outProj.step(this.norm.apply(tf.reshape(y, [b, this.dInner]), z));
    });
  }
}
