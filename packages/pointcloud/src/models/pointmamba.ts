/**
 * A PointMamba-style baseline (Liang et al. 2024, "PointMamba: A Simple State Space Model for Point
 * Cloud Analysis"), written as PoinTramba's own baseline `BasePointMamba` (models/point_mamba.py of
 * github.com/xiaoyao3302/PoinTramba): mini-PointNet group tokens, MLP position embedding of the centres,
 * the tokens and positions put in an order (by default given by the caller: PointMamba feeds the
 * Hilbert order followed by the trans-Hilbert order, 2g tokens), dropout, MixerModel (Add → LN → Mamba
 * blocks, final LN), LayerNorm, mean pooling, the BN classification head, cross-entropy.
 *
 * Deviations:
 * - grouping (FPS + kNN) and the space-filling-curve orders are outside the model ('given' order; 'no', 'random' and 'triple_xyz' are computed here as BasePointMamba does).
 * - defaults follow PointMamba's ModelNet40 config (64 groups × 32, drop path 0.1), not PoinTramba's 256 × 16 / 0.3.
 * - the current PointMamba release (PointMambaScan) differs from BasePointMamba: plain pre-norm blocks, linearly rising drop path, per-order OrderScale, no extra LayerNorm; this follows BasePointMamba.
 * - use_cls_token and BasePointMamba's unused second Encoder are not created; mode_encoder 'Transformer' is not implemented.
 * - kernel-size-1 Conv1d weights are [out, in]; BatchNorm running statistics are buffers (namedBuffers); drop-path masks are seeded per (layer, step, call).
 */
import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Dropout, LayerNorm, Module, Rng, countParameters } from '@hybridssm/core';
import type { PointBatch, PointClassifier, PointClassifierOutput, PointInputs, PointLossTerms, PointModelName } from './classifier-types.js';
import { identityOrder, randomOrder, xyzOrder } from './importance.js';
import { BnClsHead, MambaMixerModel, MINI_POINTNET_WIDTHS, MiniPointNet, PosEmbed, crossEntropyTerms, gatherTokens } from './parts.js';

/** 'given': the caller's order [b, l] (Hilbert ‖ trans-Hilbert for PointMamba); the others as BasePointMamba. */
export type PointMambaSort = 'given' | 'no' | 'random' | 'triple_xyz';

export interface PointMambaConfig {
  /** width of the tokens and the Mamba stack (trans_dim = encoder_dims, 384) */
  transDim: number;
  /** Mamba blocks (12) */
  depth: number;
  /** the mini-PointNet group encoder's widths [hidden, feature, hidden2] (the reference's 128, 256, 512) */
  encoderWidths: number[];
  /** groups × points per group the data pipeline makes (64 × 32), points per cloud (1024) */
  numGroups: number;
  groupSize: number;
  npoints: number;
  modeSort: PointMambaSort;
  /** drop path of every Mamba block (0.1) */
  dropPath: number;
  /** dropout on the tokens before the stack (0) */
  dropOut: number;
  /** the head's two dropouts (0.5) */
  headDropout: number;
  dState: number;
  dConv: number;
  expand: number;
}

export const POINTMAMBA_OFFICIAL: PointMambaConfig = {
  transDim: 384,
  depth: 12,
  encoderWidths: [...MINI_POINTNET_WIDTHS],
  numGroups: 64,
  groupSize: 32,
  npoints: 1024,
  modeSort: 'given',
  dropPath: 0.1,
  dropOut: 0,
  headDropout: 0.5,
  dState: 16,
  dConv: 4,
  expand: 2,
};

/** CPU-sized: width 128, 4 blocks, 64 groups × 16. */
/** The CPU-sized variant of the small tables: width 64, mini-PointNet widths ÷ 4, 2 Mamba blocks, 32 groups × 16. */
export const POINTMAMBA_SMALL: PointMambaConfig = { ...POINTMAMBA_OFFICIAL, transDim: 64, encoderWidths: [32, 64, 128], depth: 2, numGroups: 32, groupSize: 16 };

export class PointMamba extends Module implements PointClassifier {
  readonly modelName: PointModelName = 'pointmamba';
  readonly config: PointMambaConfig;
  readonly inputs: PointInputs;
  private readonly encoder: MiniPointNet;
  private readonly posEmbed: PosEmbed;
  private readonly blocks: MambaMixerModel;
  private readonly norm: LayerNorm;
  private readonly head: BnClsHead;
  private readonly dropOut: Dropout | undefined;
  private readonly orderRng: Rng;

  constructor(config: Partial<PointMambaConfig>, readonly numClasses: number, rng: Rng) {
    super();
    const c = { ...POINTMAMBA_OFFICIAL, ...config };
    if (!['given', 'no', 'random', 'triple_xyz'].includes(c.modeSort)) throw new ArgumentError(`PointMamba: unknown modeSort ${JSON.stringify(c.modeSort)}`);
    this.config = c;
    this.inputs = { points: false, groups: true, order: c.modeSort === 'given' ? 'required' : c.modeSort === 'triple_xyz' ? 'optional' : 'none' };
    const d = c.transDim;
    this.encoder = this.child('encoder', new MiniPointNet(d, rng, 3, c.encoderWidths));
    this.posEmbed = this.child('pos_embed', new PosEmbed(d, rng));
    this.blocks = this.child('blocks', new MambaMixerModel({ dModel: d, depth: c.depth, dropPath: c.dropPath, dState: c.dState, dConv: c.dConv, expand: c.expand }, rng));
    this.norm = this.child('norm', new LayerNorm(d));
    this.head = this.child('cls_head_finetune', new BnClsHead(d, numClasses, rng, c.headDropout));
    this.dropOut = c.dropOut > 0 ? this.child('drop_out', new Dropout(c.dropOut, rng)) : undefined;
    this.orderRng = new Rng(Math.floor(rng.uniform() * 2 ** 31));
  }

  numParameters(): number {
    return countParameters(this).total;
  }

  private tokenOrder(center: tf.Tensor, given: tf.Tensor | undefined): tf.Tensor | undefined {
    const [b, g] = center.shape as [number, number, number];
    switch (this.config.modeSort) {
      case 'given':
        if (given === undefined) throw new ArgumentError("PointMamba: modeSort 'given' needs the batch's 'order' [b, l] (e.g. Hilbert ‖ trans-Hilbert)");
        return given;
      case 'triple_xyz':
        return given ?? xyzOrder(center);
      case 'random':
        return randomOrder(b, g, this.orderRng);
      case 'no':
        return undefined;
    }
  }

  apply(batch: PointBatch): PointClassifierOutput {
    const { neighborhood, center, order: given } = batch;
    if (neighborhood === undefined || center === undefined) throw new ArgumentError("PointMamba: the batch needs 'neighborhood' [b, g, k, 3] and 'center' [b, g, 3]");
    if (given !== undefined && (given.rank !== 2 || given.shape[0] !== center.shape[0] || given.dtype !== 'int32')) {
      throw new ArgumentError(`PointMamba: 'order' must be int32 [b, l]; got ${given.dtype} [${given.shape.join(',')}]`);
    }
    return tf.tidy(() => {
      const tokens = this.encoder.apply(neighborhood);
      const pos = this.posEmbed.apply(center);
      const order = this.tokenOrder(center, given);
      let x = order === undefined ? tokens : gatherTokens(tokens, order);
      x = this.dropOut?.apply(x) ?? x;
      x = this.norm.apply(this.blocks.apply(x, order === undefined ? pos : gatherTokens(pos, order)));
      const logits = this.head.apply(tf.mean(x, 1));
      return { logits, order: order === undefined ? identityOrder(center.shape[0] as number, center.shape[1] as number) : tf.clone(order) };
    });
  }

  lossTerms(output: PointClassifierOutput, labels: tf.Tensor): PointLossTerms {
    return crossEntropyTerms(output.logits, labels);
  }

  loss(batch: PointBatch, labels: tf.Tensor): tf.Scalar {
    return tf.tidy(() => this.lossTerms(this.apply(batch), labels).total);
  }
}
