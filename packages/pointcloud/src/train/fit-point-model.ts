import * as tf from '@tensorflow/tfjs';
import { AdamW, train, warmupCosine } from '@hybridssm/core';
import type { TrainOptions, TrainResult } from '@hybridssm/core';
import type { LabeledCloud } from '../data/point-cloud.js';
import { namedBuffers } from '../models/batch-norm.js';
import type { PointModel } from '../models/classifier-types.js';
import { epochBatchIndices, trainingClouds } from './cloud-batches.js';
import { prepareBatch } from './point-inputs.js';

/** Optimisation settings; defaults are the PoinTramba/Point-BERT fine-tuning configs' (cfgs/finetune_modelnet*.yaml). */
export interface PointFitConfig {
  epochs: number;
  /** clouds per update (32) */
  batch: number;
  /** peak learning rate (3e-4 for PoinTramba; 5e-4 for Point-BERT) */
  learningRate: number;
  /** AdamW weight decay on matrices (0.05) */
  weightDecay?: number;
  /** linear warmup, in epochs (10 of 300 in the reference; default 1/30 of the run) */
  warmupEpochs?: number;
  /** global gradient-norm clip (10) */
  clipNorm?: number;
  /** evaluate every this many epochs (and after the last) */
  evalEveryEpochs?: number;
}

/** The run's seed (data order, augmentation), checkpoint file, and core's loop options passed through. */
export interface PointFitOptions extends Pick<TrainOptions, 'evaluate' | 'logPath' | 'config' | 'label' | 'quiet' | 'onStep' | 'stopWhen'> {
  seed: number;
  checkpointPath?: string;
}

/** Updates per epoch (the remainder is dropped) and in the whole run. */
export function pointFitSteps(trainSize: number, config: PointFitConfig): { perEpoch: number; total: number } {
  const perEpoch = Math.floor(trainSize / config.batch);
  return { perEpoch, total: perEpoch * config.epochs };
}

/**
 * Trains a point-cloud classifier as the reference fine-tuning runner does: AdamW (weight decay 0.05,
 * none on vectors), linear warmup then cosine decay to 1e-6 (timm's CosineLRScheduler, here per
 * update), gradient clipping at 10, Point-BERT's training pipeline per batch (cloud-batches.ts), the
 * model's own loss (PoinTramba: CE + GLR + importance). Through core's loop: progress, JSON-lines log,
 * checkpoints every epoch (BatchNorm running statistics included) and exact resume.
 */
export async function fitPointModel(model: PointModel, clouds: readonly LabeledCloud[], config: PointFitConfig, options: PointFitOptions): Promise<TrainResult> {
  const { perEpoch, total } = pointFitSteps(clouds.length, config);
  if (perEpoch < 1) throw new Error(`fitPointModel: ${clouds.length} training clouds are fewer than one batch of ${config.batch}`);
  const optimizer = new AdamW(model.parameters(), { learningRate: config.learningRate, weightDecay: config.weightDecay ?? 0.05 });
  const labels = Int32Array.from(clouds, (cloud) => cloud.label);
  const { seed, checkpointPath, evaluate, ...passThrough } = options;
  try {
    return await train({
      model,
      optimizer,
      buffers: namedBuffers(model),
      steps: total,
      clipNorm: config.clipNorm ?? 10,
      schedule: warmupCosine({
        peakLearningRate: config.learningRate,
        minLearningRate: 1e-6,
        warmupSteps: Math.max(1, Math.round((config.warmupEpochs ?? config.epochs / 30) * perEpoch)),
        totalSteps: total,
      }),
      // inside the loop's tidy: the batch tensors live until the gradients are taken
      loss: (step) => {
        const indices = epochBatchIndices(clouds.length, config.batch, step, seed);
        const { batch } = prepareBatch(model, trainingClouds(clouds, indices, model.config.npoints, seed * 100_003 + step));
        const target = tf.tensor1d(Int32Array.from(indices, (i) => labels[i] as number), 'int32');
        return model.loss(batch, target);
      },
      ...passThrough,
      ...(evaluate === undefined ? {} : { evaluate, evalEvery: (config.evalEveryEpochs ?? config.epochs) * perEpoch }),
      ...(checkpointPath === undefined ? {} : { checkpoint: { path: checkpointPath, every: perEpoch } }),
    });
  } finally {
    optimizer.dispose();
  }
}
