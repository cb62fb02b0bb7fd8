import { AdamW, train, warmupCosine } from '@hybridssm/core';
import type { RunProgress, TrainResult } from '@hybridssm/core';
import type { LanguageModel } from '../models/language-model.js';
import { batchTensors } from './lm-batch.js';
import type { LmBatchSource } from './lm-batch.js';

/** Optimisation settings; defaults are the paper's (Megatron-LM examples/mamba/train.sh) where it gives them. */
export interface LmFitConfig {
  steps: number;
  /** peak learning rate */
  learningRate: number;
  /** default learningRate / 10 (2.5e-4 → 2.5e-5 in the paper's script) */
  minLearningRate?: number;
  /** linear warmup updates, default 10% of the steps */
  warmupSteps?: number;
  /** default 0.1 */
  weightDecay?: number;
  /** default [0.9, 0.95] */
  betas?: [number, number];
  /** global gradient-norm clip, default 1.0 */
  clipNorm?: number;
  /** micro-batches per update, default 1 */
  accumulate?: number;
  /** evaluate every this many updates (and after the last) */
  evalEvery?: number;
}

export interface LmFitOptions {
  /** the batch of update `step`, micro-batch `micro` */
  batches: (step: number, micro: number) => ReturnType<LmBatchSource>;
  evaluate?: () => Promise<Record<string, number>>;
  checkpointPath?: string;
  checkpointEvery?: number;
  logPath?: string;
  /** saved in the checkpoint header (the model config, so it can be rebuilt) */
  config?: object;
  label?: string;
  quiet?: boolean;
  onStep?: (step: number, total: number, loss: number) => void;
  stopWhen?: (run: RunProgress) => boolean;
}

/**
 * Trains a language model with AdamW (β = 0.9, 0.95, weight decay 0.1 on matrices), linear warmup then
 * cosine decay to a tenth of the peak, and clipping at global norm 1: the paper's recipe, through
 * core's training loop (progress, JSON-lines log, checkpoints and exact resume).
 */
export async function fitLanguageModel(model: LanguageModel, config: LmFitConfig, options: LmFitOptions): Promise<TrainResult> {
  const [beta1, beta2] = config.betas ?? [0.9, 0.95];
  const optimizer = new AdamW(model.parameters(), { learningRate: config.learningRate, beta1, beta2, weightDecay: config.weightDecay ?? 0.1 });
  try {
    return await train({
      model,
      optimizer,
      steps: config.steps,
      accumulate: config.accumulate ?? 1,
      clipNorm: config.clipNorm ?? 1,
      schedule: warmupCosine({
        peakLearningRate: config.learningRate,
        minLearningRate: config.minLearningRate ?? config.learningRate / 10,
        warmupSteps: config.warmupSteps ?? Math.max(1, Math.round(config.steps / 10)),
        totalSteps: config.steps,
      }),
      // inside the loop's tidy: the batch tensors live until the gradients are taken
      loss: (step, micro) => {
        const { tokens, targets, mask } = batchTensors(options.batches(step, micro));
        return model.loss(tokens, targets, mask);
      },
      ...(options.evaluate === undefined ? {} : { evaluate: options.evaluate, evalEvery: config.evalEvery ?? config.steps }),
      ...(options.checkpointPath === undefined ? {} : { checkpoint: { path: options.checkpointPath, every: options.checkpointEvery ?? config.evalEvery ?? config.steps } }),
      ...(options.logPath === undefined ? {} : { logPath: options.logPath }),
      ...(options.config === undefined ? {} : { config: options.config }),
      ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
      ...(options.stopWhen === undefined ? {} : { stopWhen: options.stopWhen }),
      label: options.label ?? 'train',
      quiet: options.quiet ?? false,
    });
  } finally {
    optimizer.dispose();
  }
}
