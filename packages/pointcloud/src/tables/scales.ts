import type { ScaleSpec } from '@hybridssm/harness';
import { POINT_MODEL_DEFAULTS, POINT_MODEL_SMALL } from '../models/classifier.js';
import type { PointTableConfig } from './train-cell.js';

const SYNTHETIC = { perClass: 24, testPerClass: 8, points: 256, noise: 0.01 };

/**
 * The three scales both point-cloud tables run at. `small` keeps every model's architecture and
 * shrinks widths, depths and group counts to what trains on 2 CPU cores (cores of the same recipe:
 * 1,024 points, kNN groups of 16, AdamW, warmup + cosine, 10 votes); `paper` is the reference
 * configurations and the official 300 epochs.
 */
export const POINT_TABLE_SCALES: Record<'smoke' | 'small' | 'paper', ScaleSpec<PointTableConfig>> = {
  smoke: {
    description: 'tiny models (width 32, 16 groups × 8 of 256 points) on 192 generated shapes (8 classes), 8 epochs of 16 (96 updates): checks the pipeline, and learns a little',
    config: {
      models: {
        pointramba: { transDim: 32, depth: 1, attentionDepth: 1, attentionNumHeads: 2, numGroups: 16, groupSize: 8, npoints: 256 },
        pointmamba: { transDim: 32, depth: 1, numGroups: 16, groupSize: 8, npoints: 256 },
        'point-transformer': { transDim: 32, encoderDims: 32, depth: 1, numHeads: 2, numGroups: 16, groupSize: 8, npoints: 256 },
        pointnet: { pointMlp: [16, 16, 16, 32, 64], headMlp: [32, 16], npoints: 256 },
      },
      epochs: 8,
      batch: 16,
      learningRate: 3e-3,
      warmupEpochs: 0.5,
      votes: 2,
      synthetic: SYNTHETIC,
    },
  },
  small: {
    description:
      'ModelNet10 at 1,024 points; width-64 models: PoinTramba 1 intra-group + 2 Mamba blocks over 32 groups × 16, PointMamba 2 Mamba blocks, ' +
      'the Transformer 2 blocks (mini-PointNet encoders at a quarter of the reference widths), PointNet with a 256-wide last point layer (POINT_MODEL_SMALL); 8 epochs of 32, lr 1e-3 (1 warmup epoch, cosine to 1e-6), 10 votes',
    config: {
      models: POINT_MODEL_SMALL,
      epochs: 8,
      batch: 32,
      learningRate: 1e-3,
      warmupEpochs: 1,
      votes: 10,
      synthetic: SYNTHETIC,
    },
  },
  paper: {
    description: 'the reference configurations (PoinTramba 19.5 M parameters, 256 groups × 16) and recipe: 300 epochs of 32, lr 3e-4, 10 warmup epochs, 10 votes (weeks on a CPU)',
    config: {
      models: POINT_MODEL_DEFAULTS,
      epochs: 300,
      batch: 32,
      learningRate: 3e-4,
      warmupEpochs: 10,
      votes: 10,
      synthetic: SYNTHETIC,
    },
  },
};
