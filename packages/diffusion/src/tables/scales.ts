import type { ScaleSpec } from '@hybridssm/harness';
import type { DiffusionTableConfig } from './train-cell.js';

/**
 * The small scale's training length in updates: where the small Dimba reached ≥ 80 % prompt accuracy on
 * MNIST (batch 32, cosine + v, lr 2e-3; DDIM 50, guidance 3, EMA): 14 / 28 / 66 / 82 % after 1,000 /
 * 2,000 / 3,000 / 4,000 updates of one 4,000-update run (README, Findings).
 */
export const SMALL_TRAINING_STEPS = 4000;

/** The side of the generated images at smoke (digits and shapes alike). */
export const SMOKE_RESOLUTION = 16;

/**
 * The three scales of the diffusion tables; every table runs the same recipe on its own columns. The
 * backbone is the Dimba every row is sized against (dit and dim take its parameter count); images are
 * the column's, in pixel space (no VAE).
 */
export const DIFFUSION_TABLE_SCALES: Record<'smoke' | 'small' | 'paper', ScaleSpec<DiffusionTableConfig>> = {
  smoke: {
    description:
      `the tiny backbone widened to hidden 48 (2 blocks, patch 4: a 4×4 grid; at hidden 32 the width steps of dit and dim miss its parameter count by 9 %) on ${SMOKE_RESOLUTION}×${SMOKE_RESOLUTION} generated images (1,000 train, 64 test), ` +
      '60 updates of 16 at lr 3e-3, DDIM 10 steps at guidance 3 on 32 test captions: checks the pipeline. 60 updates do not learn the ' +
      'captions (prompt accuracy stays near chance; 600 measured no better), and at 16 px the shapes classifier barely tells the shapes apart',
    config: {
      backbone: { preset: 'tiny', hidden: 48, patch: 4 },
      text: { layers: 1, heads: 2 },
      data: { trainCount: 1000, testCount: 64, resolution: SMOKE_RESOLUTION },
      diffusion: { schedule: 'linear', prediction: 'epsilon' },
      fit: { steps: 60, batch: 16, learningRate: 3e-3 },
      checkpointEvery: 60,
      sampling: { steps: 10, guidance: 3, prompts: 32 },
    },
  },
  small: {
    description:
      `the small backbone (hidden 64, 4 blocks, 4 heads, patch 4; caption width 64) ` +
      `on the column's full splits, ${SMALL_TRAINING_STEPS.toLocaleString('en-US')} updates of 32 at lr 2e-3 (5 % warmup, cosine to 2e-4, EMA 0.999; ~75 min a model on one core), ` +
      'the cosine noise schedule with v-prediction (not the paper\'s linear ε: after 1,000 updates it measured 22 % prompt accuracy against 8 %, see the README), ' +
      'DDIM 50 steps at guidance 3 on the first 100 test captions',
    config: {
      backbone: { preset: 'small' },
      text: { layers: 2, heads: 2 },
      data: { trainCount: 9000, testCount: 1000 },
      diffusion: { schedule: 'cosine', prediction: 'v' },
      fit: { steps: SMALL_TRAINING_STEPS, batch: 32, learningRate: 2e-3 },
      checkpointEvery: 250,
      sampling: { steps: 50, guidance: 3, prompts: 100 },
    },
  },
  paper: {
    description:
      "Dimba-L's backbone (28 blocks, hidden 1152, 16 heads, patch 2, caption tokens 120 × 4096; 1.08 B parameters with core's bidirectional Mamba) " +
      "in pixel space on the column's data with the byte text encoder in place of T5-XXL; the released fine-tuning recipe where it applies " +
      '(lr 2e-5, weight decay 0, gradient clip 0.05, 1,000 warmup updates, caption dropout 0.1, guidance 4.5; AdamW in place of CAME) and our ' +
      "choices where the paper's could not be read (100,000 updates of 256, EMA 0.9999, DDIM 100 steps on all 1,000 test captions). " +
      'For a GPU: it does not train on a CPU',
    config: {
      backbone: { preset: 'L' },
      text: { layers: 2, heads: 16 },
      data: { trainCount: 9000, testCount: 1000 },
      diffusion: { schedule: 'linear', prediction: 'epsilon' },
      fit: { steps: 100_000, batch: 256, learningRate: 2e-5, weightDecay: 0, warmupSteps: 1000, clipNorm: 0.05, emaDecay: 0.9999 },
      checkpointEvery: 1000,
      sampling: { steps: 100, guidance: 4.5, prompts: 1000 },
    },
  },
};
