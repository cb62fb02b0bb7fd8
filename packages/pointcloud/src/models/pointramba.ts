/**
 * PoinTramba (Wang et al. 2024, arXiv:2405.15463): a minimal reference implementation of the official
 * `PointMambaFormer` (github.com/xiaoyao3302/PoinTramba, models/point_mamba.py at d1a6067) as run.sh
 * trains it: --mode_group Attention --attention_depth 4 --use_simple_score_predictor
 * --type_pooling important --type_weighting drop_neg --mode_sort both, with
 * cfgs/finetune_modelnet_group_size_16_256.yaml (trans_dim 384, depth 12, 256 groups × 16, drop_path 0.3).
 *
 * Forward (as the code): group tokens from an intra-group Transformer (per-point MLP embedding and an
 * MLP position embedding of the same relative coordinates, `attentionDepth` pre-norm ViT blocks with
 * pos added before each, LayerNorm, max over the k points; no mini-PointNet in this mode) → the
 * importance block (CalImportanceSimple: a projection to a 256-d unit vector per group and a score per
 * group) → pos = MLP(centres) → tokens, pos and scores reordered per `modeSort` (BIO: high → low then
 * low → high, 2g tokens) → dropout → MixerModel (Mamba blocks, Add → LN → Mamba, final LN) → LayerNorm →
 * pooling (IAP: Σ clamp(s, 0, 1) · x for drop_neg) → head, plus the global projection to 256-d.
 * Losses (tools/runner_finetune.py and get_loss_acc): w_CE · CE (no label smoothing) + w_GLR · GLR
 * (global-to-local alignment: each group's projected feature classifies which cloud's global feature
 * it belongs to, logits 64 · ⟨local, global⟩) + w_importance · Σ_g SmoothL1(score_g, cos(global, local_g))
 * (mean over the batch; the target is not detached, as in the code).
 *
 * Deviations from the official code:
 * - grouping (FPS + kNN) is outside the model: it takes neighborhood [b, g, k, 3] and center [b, g, 3].
 * - attention_use_cls_token is not supported (off in the official run); its unused parameters (cls_token, cls_pos, reduce_dim: 295,296 + 768) are not created.
 * - 'random' and 'triple_xyz' orders come from BasePointMamba (PointMambaFormer asserts on them); with them and 'no', IAP uses the scores in the token order (the code has none there).
 * - 'triple_xyz' takes a caller's `order` [b, l] when given (e.g. Hilbert orders from src/geometry), else sorts the centres by x, y, z in tf.
 * - mode_encoder 'Transformer', 'EdgeConv' / 'ComplexAttention' grouping and rms_norm are not implemented ('SA', the mini-PointNet, is).
 * - drop_path is implemented (timm DropPath, per sample); masks are seeded by (layer, optimiser step, call), not torch's RNG.
 * - kernel-size-1 Conv1d weights are [out, in] (Linear) rather than PyTorch's [out, in, 1]; other parameter names match the state dict.
 * - BatchNorm running statistics are buffers outside `parameters()` (see namedBuffers); num_batches_tracked is not kept.
 * - the Mamba kernel is core's selective scan (fp32), not mamba_ssm's CUDA kernel; the argsort breaks ties by lower index (torch's is unstable).
 */
import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Dropout, LayerNorm, Module, Rng, countParameters } from '@hybridssm/core';
import type { PointBatch, PointClassifier, PointClassifierOutput, PointInputs, PointLossTerms, PointModelName } from './classifier-types.js';
import { SORT_MODES, importanceOrder, identityOrder, poolTokens, randomOrder, xyzOrder } from './importance.js';
import type { PoolingType, SortMode, WeightingType } from './importance.js';
import { BnClsHead, ConvBnReluConv, MINI_POINTNET_WIDTHS, MambaMixerModel, MiniPointNet, PosEmbed, TransformerEncoder, accuracy, crossEntropy, detach, gatherTokens, linspace, maxOverPoints } from './parts.js';

export interface PoinTrambaConfig {
  /** trans_dim = encoder_dims: width of the group tokens and of the Mamba stack (384) */
  transDim: number;
  /** inter-group Mamba blocks (12) */
  depth: number;
  /** groups per cloud and points per group the data pipeline makes (256 × 16); the model accepts any */
  numGroups: number;
  groupSize: number;
  /** points per cloud before grouping (1024), for the data pipeline */
  npoints: number;
  /** group encoder: 'Attention' (intra-group Transformer, the official run) or 'SA' (mini-PointNet) */
  modeGroup: 'Attention' | 'SA';
  /** the 'SA' encoder's widths [hidden, feature, hidden2] (the reference's 128, 256, 512) */
  encoderWidths: number[];
  /** intra-group Transformer blocks (4) */
  attentionDepth: number;
  /** heads of the intra-group Transformer (6) */
  attentionNumHeads: number;
  /** drop-path rates of the intra-group blocks rise linearly from 0 to this (0.1) */
  attentionDropPathRate: number;
  /** CalImportanceSimple (true) or CalImportance (two more Conv-BN-ReLU-Conv stages first) */
  useSimpleScorePredictor: boolean;
  /** detach the group tokens before the importance block (false) */
  detachMapping: boolean;
  /** detach the features before the score predictor (false) */
  detachScorePrediction: boolean;
  /** token order: 'both' (BIO) in the official run */
  modeSort: SortMode;
  typePooling: PoolingType;
  typeWeighting: WeightingType;
  /** drop path of every Mamba block (0.3) */
  dropPath: number;
  /** dropout on the tokens before the Mamba stack (drop_out, 0) */
  dropOut: number;
  /** dropout after each Mamba block (drop_out_in_block, 0) */
  dropOutInBlock: number;
  /** the head's two dropouts (0.5) */
  headDropout: number;
  /** Mamba state size, conv width and expansion (mamba_ssm defaults 16, 4, 2) */
  dState: number;
  dConv: number;
  expand: number;
  /** loss weights (--w_CE, --w_GLR, --w_importance; 1 each) */
  wCE: number;
  wGLR: number;
  wImportance: number;
  /** the GLR loss's logit scale (hard-coded 64 in GLR_loss) */
  glrScale: number;
}

/** The official ModelNet40 run (run.sh + cfgs/finetune_modelnet_group_size_16_256.yaml + parser defaults). */
export const POINTRAMBA_OFFICIAL: PoinTrambaConfig = {
  transDim: 384,
  depth: 12,
  encoderWidths: [...MINI_POINTNET_WIDTHS],
  numGroups: 256,
  groupSize: 16,
  npoints: 1024,
  modeGroup: 'Attention',
  attentionDepth: 4,
  attentionNumHeads: 6,
  attentionDropPathRate: 0.1,
  useSimpleScorePredictor: true,
  detachMapping: false,
  detachScorePrediction: false,
  modeSort: 'both',
  typePooling: 'important',
  typeWeighting: 'drop_neg',
  dropPath: 0.3,
  dropOut: 0,
  dropOutInBlock: 0,
  headDropout: 0.5,
  dState: 16,
  dConv: 4,
  expand: 2,
  wCE: 1,
  wGLR: 1,
  wImportance: 1,
  glrScale: 64,
};

/**
 * The CPU-sized variant the small tables train (2 cores, ModelNet10 in minutes): width 64, one
 * intra-group block of 4 heads, 2 Mamba blocks, 32 groups × 16 of 1,024 points, drop path 0.1.
 */
export const POINTRAMBA_SMALL: PoinTrambaConfig = {
  ...POINTRAMBA_OFFICIAL,
  transDim: 64,
  encoderWidths: [32, 64, 128],
  depth: 2,
  numGroups: 32,
  groupSize: 16,
  attentionDepth: 1,
  attentionNumHeads: 4,
  dropPath: 0.1,
};

/** The official configuration with `overrides` applied, validated. */
export function poinTrambaConfig(overrides: Partial<PoinTrambaConfig> = {}): PoinTrambaConfig {
  const config = { ...POINTRAMBA_OFFICIAL, ...overrides };
  for (const key of ['transDim', 'depth', 'numGroups', 'groupSize', 'npoints', 'attentionDepth', 'attentionNumHeads', 'dState', 'dConv', 'expand'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new ArgumentError(`PoinTramba: config '${key}' must be a positive integer; got ${config[key]}`);
  }
  if (config.transDim % config.attentionNumHeads !== 0) {
    throw new ArgumentError(`PoinTramba: transDim=${config.transDim} must be divisible by attentionNumHeads=${config.attentionNumHeads}`);
  }
  if (!SORT_MODES.includes(config.modeSort)) throw new ArgumentError(`PoinTramba: unknown modeSort ${JSON.stringify(config.modeSort)}`);
  if (!['ave', 'max', 'important'].includes(config.typePooling)) throw new ArgumentError(`PoinTramba: unknown typePooling ${JSON.stringify(config.typePooling)}`);
  if (!['direct', 'drop_neg', 'sfm'].includes(config.typeWeighting)) throw new ArgumentError(`PoinTramba: unknown typeWeighting ${JSON.stringify(config.typeWeighting)}`);
  if (!['Attention', 'SA'].includes(config.modeGroup)) throw new ArgumentError(`PoinTramba: unknown modeGroup ${JSON.stringify(config.modeGroup)}`);
  return config;
}

/** The official `Attention` group divider: an intra-group Transformer over the k points of each group, max-pooled. */
export class AttentionGroupEncoder extends Module {
  private readonly embedding: PosEmbed;
  private readonly posEmbed: PosEmbed;
  private readonly blocks: TransformerEncoder;
  private readonly norm: LayerNorm;

  constructor(readonly dim: number, depth: number, numHeads: number, dropPathRate: number, rng: Rng) {
    super();
    this.embedding = this.child('embedding', new PosEmbed(dim, rng));
    this.posEmbed = this.child('pos_embed', new PosEmbed(dim, rng));
    this.blocks = this.child('blocks', new TransformerEncoder(dim, depth, numHeads, linspace(dropPathRate, depth), rng));
    this.norm = this.child('norm', new LayerNorm(dim));
  }

  /** neighborhood [b, g, k, 3] → group tokens [b, g, dim] */
  apply(neighborhood: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [b, g, k] = neighborhood.shape as [number, number, number, number];
      const points = tf.reshape(neighborhood, [b * g, k, 3]);
      const h = this.norm.apply(this.blocks.apply(this.embedding.apply(points), this.posEmbed.apply(points)));
      return tf.reshape(maxOverPoints(h), [b, g, this.dim]);
    });
  }
}

/** The `SA` group divider's encoder (the mini-PointNet), under PyTorch's name group_divider.encoder. */
class SaGroupEncoder extends Module {
  private readonly encoder: MiniPointNet;

  constructor(dim: number, widths: readonly number[], rng: Rng) {
    super();
    this.encoder = this.child('encoder', new MiniPointNet(dim, rng, 3, widths));
  }

  apply(neighborhood: tf.Tensor): tf.Tensor {
    return this.encoder.apply(neighborhood);
  }
}

/**
 * CalImportanceSimple (or, with simple = false, CalImportance): group tokens [b, g, D] → the projected
 * unit features [b, g, 256] (map_patch_feature) and the importance scores [b, g] (cal_importance,
 * unbounded: the head ends in a Conv1d).
 */
export class ImportanceBlock extends Module {
  private readonly featureExtractor1: ConvBnReluConv | undefined;
  private readonly featureExtractor2: ConvBnReluConv | undefined;
  private readonly projection: ConvBnReluConv;
  private readonly calImpScore: ConvBnReluConv;

  constructor(dim: number, simple: boolean, readonly detachScorePrediction: boolean, rng: Rng) {
    super();
    if (!simple) {
      this.featureExtractor1 = this.child('feature_extractor1', new ConvBnReluConv(dim, 128, 256, rng));
      this.featureExtractor2 = this.child('feature_extractor2', new ConvBnReluConv(256, 512, dim, rng));
    }
    this.projection = this.child('projection', new ConvBnReluConv(dim, 128, 256, rng, true));
    this.calImpScore = this.child('cal_imp_score', new ConvBnReluConv(dim, 128, 1, rng));
  }

  apply(patch: tf.Tensor): { mapped: tf.Tensor; score: tf.Tensor } {
    return tf.tidy(() => {
      const feature = this.featureExtractor2?.apply((this.featureExtractor1 as ConvBnReluConv).apply(patch)) ?? patch;
      const mapped = this.projection.apply(feature);
      const score = tf.squeeze(this.calImpScore.apply(this.detachScorePrediction ? detach(feature) : feature), [2]);
      return { mapped, score };
    });
  }
}

/** PoinTramba's forward outputs (the caller disposes them). */
export interface PoinTrambaOutput extends PointClassifierOutput {
  /** [b, classes] */
  logits: tf.Tensor;
  /** cal_importance: the predicted score of each group [b, g], input order */
  importance: tf.Tensor;
  /** map_patch_feature: each group's projected unit feature [b, g, 256], input order */
  patchFeature: tf.Tensor;
  /** map_global_feature: the pooled feature's projected unit vector [b, 256] */
  globalFeature: tf.Tensor;
  /** the token order fed to the Mamba stack [b, l] (int32 indices into g; l = 2g for BIO) */
  order: tf.Tensor;
  /** the scores in that order [b, l] (sort_cal_importance) */
  sortedImportance: tf.Tensor;
}

/**
 * Smooth L1 (β = 1), elementwise: 0.5 d² where |d| < 1, else |d| − 0.5, written as
 * 0.5 min(|d|, 1)² + (|d| − min(|d|, 1)) (a comparison op on the tape would have no gradient in tfjs).
 */
function smoothL1(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const d = tf.abs(tf.sub(a, b));
    const small = tf.minimum(d, 1);
    return tf.add(tf.mul(tf.square(small), 0.5), tf.sub(d, small));
  });
}

/** PoinTramba (PointMambaFormer). See the top of this file. */
export class PoinTramba extends Module implements PointClassifier {
  readonly modelName: PointModelName = 'pointramba';
  readonly config: PoinTrambaConfig;
  readonly inputs: PointInputs;
  private readonly groupDivider: AttentionGroupEncoder | SaGroupEncoder;
  private readonly importanceBlock: ImportanceBlock;
  private readonly posEmbed: PosEmbed;
  private readonly blocks: MambaMixerModel;
  private readonly norm: LayerNorm;
  private readonly head: BnClsHead;
  private readonly globalProjection: ConvBnReluConv;
  private readonly dropOut: Dropout | undefined;
  private readonly orderRng: Rng;

  constructor(config: Partial<PoinTrambaConfig>, readonly numClasses: number, rng: Rng) {
    super();
    const c = poinTrambaConfig(config);
    this.config = c;
    if (!Number.isInteger(numClasses) || numClasses < 2) throw new ArgumentError(`PoinTramba: numClasses must be an integer ≥ 2; got ${numClasses}`);
    this.inputs = { points: false, groups: true, order: c.modeSort === 'triple_xyz' ? 'optional' : 'none' };
    const d = c.transDim;
    this.groupDivider = this.child(
      'group_divider',
      c.modeGroup === 'Attention' ? new AttentionGroupEncoder(d, c.attentionDepth, c.attentionNumHeads, c.attentionDropPathRate, rng) : new SaGroupEncoder(d, c.encoderWidths, rng),
    );
    this.importanceBlock = this.child('importance_cal_block', new ImportanceBlock(d, c.useSimpleScorePredictor, c.detachScorePrediction, rng));
    this.posEmbed = this.child('pos_embed', new PosEmbed(d, rng));
    this.blocks = this.child(
      'blocks',
      new MambaMixerModel({ dModel: d, depth: c.depth, dropPath: c.dropPath, dropOutInBlock: c.dropOutInBlock, dState: c.dState, dConv: c.dConv, expand: c.expand }, rng),
    );
    this.norm = this.child('norm', new LayerNorm(d));
    this.head = this.child('cls_head_finetune', new BnClsHead(d, numClasses, rng, c.headDropout));
    this.globalProjection = this.child('global_projection', new ConvBnReluConv(d, 128, 256, rng, true));
    this.dropOut = c.dropOut > 0 ? this.child('drop_out', new Dropout(c.dropOut, rng)) : undefined;
    this.orderRng = new Rng(Math.floor(rng.uniform() * 2 ** 31));
  }

  numParameters(): number {
    return countParameters(this).total;
  }

  /** The token order for `modeSort` from the scores [b, g] and centres [b, g, 3] (or the caller's order for 'triple_xyz'). */
  private tokenOrder(importance: tf.Tensor, center: tf.Tensor, given: tf.Tensor | undefined): tf.Tensor {
    const [b, g] = importance.shape as [number, number];
    switch (this.config.modeSort) {
      case 'max':
      case 'min':
      case 'both':
        return importanceOrder(importance, this.config.modeSort);
      case 'random':
        return randomOrder(b, g, this.orderRng);
      case 'no':
        return identityOrder(b, g);
      case 'triple_xyz':
        return given !== undefined ? tf.clone(given) : xyzOrder(center);
    }
  }

  apply(batch: PointBatch): PoinTrambaOutput {
    const { neighborhood, center, order: given } = batch;
    if (neighborhood === undefined || center === undefined) throw new ArgumentError("PoinTramba: the batch needs 'neighborhood' [b, g, k, 3] and 'center' [b, g, 3]");
    if (neighborhood.rank !== 4 || neighborhood.shape[3] !== 3) throw new ArgumentError(`PoinTramba: 'neighborhood' must have shape [b, g, k, 3]; got [${neighborhood.shape.join(',')}]`);
    const [b, g] = neighborhood.shape as [number, number, number, number];
    if (center.rank !== 3 || center.shape[0] !== b || center.shape[1] !== g || center.shape[2] !== 3) {
      throw new ArgumentError(`PoinTramba: 'center' must have shape [${b}, ${g}, 3]; got [${center.shape.join(',')}]`);
    }
    if (given !== undefined && this.config.modeSort === 'triple_xyz') {
      if (given.rank !== 2 || given.shape[0] !== b || given.dtype !== 'int32') {
        throw new ArgumentError(`PoinTramba: 'order' must be int32 [${b}, l]; got ${given.dtype} [${given.shape.join(',')}]`);
      }
    }
    return tf.tidy(() => {
      const tokens = this.groupDivider.apply(neighborhood); // [b, g, D]
      const pos = this.posEmbed.apply(center);
      const { mapped: patchFeature, score: importance } = this.importanceBlock.apply(this.config.detachMapping ? detach(tokens) : tokens);
      const order = this.tokenOrder(importance, center, given);
      const reorder = (t: tf.Tensor) => (this.config.modeSort === 'no' ? t : gatherTokens(t, order));
      const sortedImportance = reorder(importance);
      let x = reorder(tokens);
      x = this.dropOut?.apply(x) ?? x;
      x = this.norm.apply(this.blocks.apply(x, reorder(pos)));
      const pooled = poolTokens(x, this.config.typePooling, sortedImportance, this.config.typeWeighting);
      const globalFeature = this.globalProjection.apply(pooled);
      const logits = this.head.apply(pooled);
      return { logits, importance, patchFeature, globalFeature, order, sortedImportance };
    });
  }

  /**
   * The training losses of the official runner: w_CE · CE + w_GLR · GLR + w_importance · importance,
   * each also returned, with the accuracy in %.
   */
  lossTerms(output: PointClassifierOutput, labels: tf.Tensor): PointLossTerms {
    const { logits, patchFeature, globalFeature, importance } = output;
    if (patchFeature === undefined || globalFeature === undefined || importance === undefined) {
      throw new ArgumentError('PoinTramba.lossTerms: needs the output of PoinTramba.apply (patchFeature, globalFeature, importance)');
    }
    const c = this.config;
    return tf.tidy(() => {
      const [b, g, e] = patchFeature.shape as [number, number, number];
      const ce = crossEntropy(logits, labels);
      // GLR_loss: row (cloud i, group n) scores every cloud's global feature; its label is i
      const local = tf.reshape(patchFeature, [b * g, e]) as tf.Tensor2D;
      const scores = tf.mul(tf.matMul(local, globalFeature as tf.Tensor2D, false, true), c.glrScale); // [b·g, b]
      const owner = tf.reshape(tf.tile(tf.reshape(tf.range(0, b, 1, 'int32'), [b, 1]), [1, g]), [-1]);
      const glr = crossEntropy(scores, owner);
      // importance regression onto cos(global, local) (F.cosine_similarity, eps 1e-8), not detached
      const dot = tf.sum(tf.mul(tf.expandDims(globalFeature, 1), patchFeature), -1);
      const norms = tf.mul(tf.norm(globalFeature, 'euclidean', -1, true), tf.norm(patchFeature, 'euclidean', -1));
      const cosSim = tf.div(dot, tf.maximum(norms, 1e-8));
      const importanceLoss = tf.mean(tf.sum(smoothL1(importance, cosSim), -1)) as tf.Scalar;
      const total = tf.addN([tf.mul(ce, c.wCE), tf.mul(glr, c.wGLR), tf.mul(importanceLoss, c.wImportance)]) as tf.Scalar;
      return { total, ce, glr, importance: importanceLoss, accuracy: accuracy(logits, labels) };
    });
  }

  loss(batch: PointBatch, labels: tf.Tensor): tf.Scalar {
    return tf.tidy(() => this.lossTerms(this.apply(batch), labels).total);
  }
}
