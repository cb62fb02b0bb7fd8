/**
 * PointNet (Qi et al. 2017) for classification, as models/pointnet_cls.py of github.com/charlesq34/pointnet:
 * a shared per-point MLP 64-64-64-128-1024 (each layer a 1×1 conv with bias, BatchNorm, ReLU) on the raw
 * cloud [b, n, 3], max pooling over the points, then FC 512-BN-ReLU-Dropout(0.3)-FC 256-BN-ReLU-
 * Dropout(0.3)-FC classes (keep_prob 0.7), cross-entropy.
 *
 * Deviations:
 * - the input transform (3×3 T-Net) and the feature transform (64×64 T-Net, with its orthogonality regulariser reg_weight 0.001) are omitted: this is PointNet "vanilla" with the full model's layer widths and dropouts.
 * - BatchNorm follows PyTorch (momentum 0.1, eps 1e-5) instead of TF's decaying bn_decay (0.5 → 0.99) and eps 1e-3; init is PyTorch's default U(±1/√fan_in), not Xavier.
 * - BatchNorm running statistics are buffers (namedBuffers), not parameters.
 */
import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Dropout, Linear, Module, countParameters } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import { BatchNorm1d } from './batch-norm.js';
import type { PointBatch, PointClassifier, PointClassifierOutput, PointInputs, PointLossTerms, PointModelName } from './classifier-types.js';
import { crossEntropyTerms, maxOverPoints } from './parts.js';

export interface PointNetConfig {
  /** widths of the shared per-point MLP (64, 64, 64, 128, 1024) */
  pointMlp: number[];
  /** widths of the hidden FC layers (512, 256) */
  headMlp: number[];
  /** dropout after each hidden FC layer (0.3 = 1 − keep_prob 0.7) */
  dropout: number;
  /** points per cloud (1024), for the data pipeline */
  npoints: number;
}

export const POINTNET_OFFICIAL: PointNetConfig = { pointMlp: [64, 64, 64, 128, 1024], headMlp: [512, 256], dropout: 0.3, npoints: 1024 };

/** The CPU-sized variant of the small tables: the last point layer 256 wide (1,024 costs 4× the rest), head 256 → 128. */
export const POINTNET_SMALL: PointNetConfig = { ...POINTNET_OFFICIAL, pointMlp: [64, 64, 64, 128, 256], headMlp: [256, 128] };

/** Linear (1×1 conv) → BatchNorm → ReLU. */
class DenseBnRelu extends Module {
  private readonly fc: Linear;
  private readonly bn: BatchNorm1d;

  constructor(inFeatures: number, outFeatures: number, rng: Rng) {
    super();
    this.fc = this.child('fc', new Linear({ inFeatures, outFeatures }, rng));
    this.bn = this.child('bn', new BatchNorm1d(outFeatures));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.relu(this.bn.apply(this.fc.apply(x))));
  }
}

export class PointNet extends Module implements PointClassifier {
  readonly modelName: PointModelName = 'pointnet';
  readonly config: PointNetConfig;
  readonly inputs: PointInputs = { points: true, groups: false, order: 'none' };
  private readonly pointLayers: DenseBnRelu[];
  private readonly headLayers: DenseBnRelu[];
  private readonly dropouts: Array<Dropout | undefined>;
  private readonly out: Linear;

  constructor(config: Partial<PointNetConfig>, readonly numClasses: number, rng: Rng) {
    super();
    const c = { ...POINTNET_OFFICIAL, ...config };
    if (c.pointMlp.length === 0) throw new ArgumentError('PointNet: pointMlp must have at least one layer');
    this.config = c;
    let width = 3;
    this.pointLayers = c.pointMlp.map((out, i) => {
      const layer = this.child(`conv${i + 1}`, new DenseBnRelu(width, out, rng));
      width = out;
      return layer;
    });
    this.headLayers = [];
    this.dropouts = [];
    c.headMlp.forEach((out, i) => {
      this.headLayers.push(this.child(`fc${i + 1}`, new DenseBnRelu(width, out, rng)));
      this.dropouts.push(c.dropout > 0 ? this.child(`dp${i + 1}`, new Dropout(c.dropout, rng)) : undefined);
      width = out;
    });
    this.out = this.child(`fc${c.headMlp.length + 1}`, new Linear({ inFeatures: width, outFeatures: numClasses }, rng));
  }

  numParameters(): number {
    return countParameters(this).total;
  }

  apply(batch: PointBatch): PointClassifierOutput {
    const { points } = batch;
    if (points === undefined || points.rank !== 3 || points.shape[2] !== 3) {
      throw new ArgumentError(`PointNet: the batch needs 'points' [b, n, 3]; got ${points === undefined ? 'none' : `[${points.shape.join(',')}]`}`);
    }
    return tf.tidy(() => {
      let h = this.pointLayers.reduce((x, layer) => layer.apply(x), points);
      h = maxOverPoints(h); // [b, 1024]
      this.headLayers.forEach((layer, i) => {
        h = layer.apply(h);
        h = this.dropouts[i]?.apply(h) ?? h;
      });
      return { logits: this.out.apply(h) };
    });
  }

  lossTerms(output: PointClassifierOutput, labels: tf.Tensor): PointLossTerms {
    return crossEntropyTerms(output.logits, labels);
  }

  loss(batch: PointBatch, labels: tf.Tensor): tf.Scalar {
    return tf.tidy(() => this.lossTerms(this.apply(batch), labels).total);
  }
}
