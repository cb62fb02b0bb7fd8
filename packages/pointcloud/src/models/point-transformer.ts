/**
 * A Point-BERT-style Transformer baseline (Yu et al. 2022), the `PointTransformer` fine-tuning model of
 * github.com/lulutang0608/Point-BERT (models/Point_BERT.py, cfgs/ModelNet_models/PointTransformer.yaml),
 * trained from scratch: mini-PointNet group tokens (encoder_dims 256) → reduce_dim Linear to trans_dim →
 * a learned cls token (with its own learned position) prepended → MLP position embedding of the centres,
 * added before every block → 12 bidirectional pre-norm ViT blocks (6 heads, drop path rising to 0.1) →
 * LayerNorm → [cls ‖ max over the group tokens] → Linear(2D, 256)-ReLU-Dropout(0.5)-Linear(256, classes).
 * Loss: cross-entropy, optionally with Point-BERT's label smoothing (--label_smoothing: ε = 0.2, the
 * rest spread over the other classes; off by default, as in its parser).
 *
 * Deviations:
 * - grouping (FPS + kNN) is outside the model; no dVAE pre-training (the baseline is trained from scratch).
 * - kernel-size-1 Conv1d weights are [out, in]; BatchNorm running statistics are buffers (namedBuffers); drop-path masks are seeded per (layer, step, call).
 */
import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Dropout, LayerNorm, Linear, Module, countParameters } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import type { PointBatch, PointClassifier, PointClassifierOutput, PointInputs, PointLossTerms, PointModelName } from './classifier-types.js';
import { MINI_POINTNET_WIDTHS, MiniPointNet, PosEmbed, TransformerEncoder, crossEntropyTerms, linspace, maxOverPoints } from './parts.js';

export interface PointTransformerConfig {
  /** Transformer width (384) */
  transDim: number;
  /** mini-PointNet output width before reduce_dim (256) */
  encoderDims: number;
  depth: number;
  numHeads: number;
  /** drop-path rates rise linearly from 0 to this (0.1) */
  dropPathRate: number;
  /** the mini-PointNet group encoder's widths [hidden, feature, hidden2] (the reference's 128, 256, 512) */
  encoderWidths: number[];
  /** groups × points per group (64 × 32), points per cloud (1024), for the data pipeline */
  numGroups: number;
  groupSize: number;
  npoints: number;
  /** the head's dropout (0.5) */
  headDropout: number;
  /** Point-BERT's label smoothing ε; 0 = plain cross-entropy (its default) */
  labelSmoothing: number;
}

export const POINT_TRANSFORMER_OFFICIAL: PointTransformerConfig = {
  transDim: 384,
  encoderDims: 256,
  depth: 12,
  numHeads: 6,
  dropPathRate: 0.1,
  encoderWidths: [...MINI_POINTNET_WIDTHS],
  numGroups: 64,
  groupSize: 32,
  npoints: 1024,
  headDropout: 0.5,
  labelSmoothing: 0,
};

/** CPU-sized: width 128 (encoder 128), 4 blocks of 4 heads, 64 groups × 16. */
/** The CPU-sized variant of the small tables: width 64, mini-PointNet widths ÷ 4, 2 blocks of 4 heads, 32 groups × 16. */
export const POINT_TRANSFORMER_SMALL: PointTransformerConfig = { ...POINT_TRANSFORMER_OFFICIAL, transDim: 64, encoderDims: 64, encoderWidths: [32, 64, 128], depth: 2, numHeads: 4, numGroups: 32, groupSize: 16 };

export class PointTransformer extends Module implements PointClassifier {
  readonly modelName: PointModelName = 'point-transformer';
  readonly config: PointTransformerConfig;
  readonly inputs: PointInputs = { points: false, groups: true, order: 'none' };
  readonly clsToken: tf.Variable;
  readonly clsPos: tf.Variable;
  private readonly encoder: MiniPointNet;
  private readonly reduceDim: Linear;
  private readonly posEmbed: PosEmbed;
  private readonly blocks: TransformerEncoder;
  private readonly norm: LayerNorm;
  private readonly fc1: Linear;
  private readonly dropout: Dropout | undefined;
  private readonly fc2: Linear;

  constructor(config: Partial<PointTransformerConfig>, readonly numClasses: number, rng: Rng) {
    super();
    const c = { ...POINT_TRANSFORMER_OFFICIAL, ...config };
    if (c.transDim % c.numHeads !== 0) throw new ArgumentError(`PointTransformer: transDim=${c.transDim} must be divisible by numHeads=${c.numHeads}`);
    this.config = c;
    const d = c.transDim;
    this.encoder = this.child('encoder', new MiniPointNet(c.encoderDims, rng, 3, c.encoderWidths));
    this.reduceDim = this.child('reduce_dim', new Linear({ inFeatures: c.encoderDims, outFeatures: d }, rng));
    this.clsToken = this.parameter('cls_token', tf.zeros([1, 1, d]));
    this.clsPos = this.parameter('cls_pos', rng.normalTensor([1, 1, d]));
    this.posEmbed = this.child('pos_embed', new PosEmbed(d, rng));
    this.blocks = this.child('blocks', new TransformerEncoder(d, c.depth, c.numHeads, linspace(c.dropPathRate, c.depth), rng));
    this.norm = this.child('norm', new LayerNorm(d));
    this.fc1 = this.child('cls_head_finetune.0', new Linear({ inFeatures: 2 * d, outFeatures: 256 }, rng));
    this.dropout = c.headDropout > 0 ? this.child('cls_head_finetune.2', new Dropout(c.headDropout, rng)) : undefined;
    this.fc2 = this.child('cls_head_finetune.3', new Linear({ inFeatures: 256, outFeatures: numClasses }, rng));
  }

  numParameters(): number {
    return countParameters(this).total;
  }

  apply(batch: PointBatch): PointClassifierOutput {
    const { neighborhood, center } = batch;
    if (neighborhood === undefined || center === undefined) throw new ArgumentError("PointTransformer: the batch needs 'neighborhood' [b, g, k, 3] and 'center' [b, g, 3]");
    return tf.tidy(() => {
      const b = center.shape[0] as number;
      const d = this.config.transDim;
      const tokens = this.reduceDim.apply(this.encoder.apply(neighborhood));
      const x = tf.concat([tf.tile(this.clsToken, [b, 1, 1]), tokens], 1);
      const pos = tf.concat([tf.tile(this.clsPos, [b, 1, 1]), this.posEmbed.apply(center)], 1);
      const h = this.norm.apply(this.blocks.apply(x, pos));
      const g = h.shape[1] as number;
      const cls = tf.reshape(tf.slice(h, [0, 0, 0], [b, 1, d]), [b, d]);
      const pooled = maxOverPoints(tf.slice(h, [0, 1, 0], [b, g - 1, d]));
      let hidden = tf.relu(this.fc1.apply(tf.concat([cls, pooled], -1)));
      hidden = this.dropout?.apply(hidden) ?? hidden;
      return { logits: this.fc2.apply(hidden) };
    });
  }

  lossTerms(output: PointClassifierOutput, labels: tf.Tensor): PointLossTerms {
    return crossEntropyTerms(output.logits, labels, this.config.labelSmoothing);
  }

  loss(batch: PointBatch, labels: tf.Tensor): tf.Scalar {
    return tf.tidy(() => this.lossTerms(this.apply(batch), labels).total);
  }
}
