import { AdamW, Rng, train, warmupCosine } from '@hybridssm/core';
import type { TrainOptions, TrainResult } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { argumentFailure, checkIntegerInRange } from '../diffusion/check-args.js';
import { ParameterEma } from '../diffusion/ema.js';
import type { CaptionedImages } from '../data/image-batch.js';
import { TRAINING_STREAMS, diffusionBatchIndices, imageBatch, streamSeed } from './diffusion-batches.js';
import { CAPTION_DROP_PROBABILITY } from './text-to-image-model.js';
import type { TextToImageModel } from './text-to-image-model.js';

/**
 * Optimisation settings. PixArt-α (Dimba's training recipe) uses AdamW at lr 2e-5, weight decay 0.03,
 * 1000 warmup steps, gradient clip 0.01 and EMA 0.9999 over hundreds of thousands of updates; at CPU
 * scale (thousands of updates) we take a larger rate (1e-3), cosine decay, clipping at 1 and a faster
 * EMA.
 */
export interface DiffusionFitConfig {
  steps: number;
  /** images per update */
  batch: number;
  /** peak learning rate (1e-3 at CPU scale); it decays by cosine to a tenth */
  learningRate: number;
  /** AdamW weight decay on matrices, default 0.03 (PixArt-α) */
  weightDecay?: number;
  /** linear warmup updates, default 5% of the steps */
  warmupSteps?: number;
  /** global gradient-norm clip, default 1 */
  clipNorm?: number;
  /** EMA decay, default 0.999, ramped up as min(decay, (1 + n)/(10 + n)) after n updates */
  emaDecay?: number;
  /** condition dropout for classifier-free guidance, default 0.1 (PixArt-α's class_dropout_prob) */
  dropProbability?: number;
}

/** The run's seed and files, and core's loop options; `evaluate` sees the EMA (e.g. to sample from it). */
export interface DiffusionFitOptions extends Pick<TrainOptions, 'logPath' | 'evalEvery' | 'onStep' | 'stopWhen' | 'label' | 'quiet'> {
  /** seeds the batches, the condition dropout, the timesteps and the noise of every update */
  seed: number;
  /** training checkpoint (weights, EMA, AdamW moments, progress): written every `checkpointEvery` updates, resumed from if it exists */
  checkpointPath?: string;
  /** default `evalEvery`, else the end of the run only */
  checkpointEvery?: number;
  evaluate?: (ema: ParameterEma) => Promise<Record<string, number>>;
}

export interface DiffusionFitResult {
  run: TrainResult;
  /** the averaged parameters, to sample from; the caller disposes it */
  ema: ParameterEma;
}

/** The EMA that fitDiffusion keeps (with TensorFlow's warmup of the decay). */
export function diffusionEma(model: TextToImageModel): ParameterEma {
  return new ParameterEma(model, { warmup: true });
}

/** Sets the update count of averages that the training loop restored in place from a checkpoint. */
function resumeEmaCount(ema: ParameterEma, updates: number): void {
  const averages = Object.entries(ema.namedTensors()).map(([name, average]) => [name, average.clone()] as const);
  try {
    ema.load(Object.fromEntries(averages), updates);
  } finally {
    tf.dispose(averages.map(([, copy]) => copy));
  }
}

function checkFitArguments(model: TextToImageModel, data: CaptionedImages, config: DiffusionFitConfig, seed: number): void {
  const op = 'fitDiffusion';
  const { channels, patch } = model.config.backbone;
  if (data.captions.length !== data.count) argumentFailure(op, 'data.captions', `one caption per image (${data.count})`, `${data.captions.length} captions`);
  if (data.channels !== channels) argumentFailure(op, 'data.channels', `the model's ${channels}`, String(data.channels));
  if (data.height % patch !== 0 || data.width % patch !== 0) argumentFailure(op, 'data', `images whose sides divide by the patch size ${patch}`, `${data.height}×${data.width}`);
  checkIntegerInRange(op, 'batch', config.batch, 1, data.count);
  checkIntegerInRange(op, 'steps', config.steps, 1, Number.MAX_SAFE_INTEGER);
  checkIntegerInRange(op, 'seed', seed, 0, 2 ** 32 - 1);
  for (const [name, value] of [['emaDecay', config.emaDecay], ['dropProbability', config.dropProbability]] as const) {
    if (value !== undefined && !(value >= 0 && value <= 1)) argumentFailure(op, name, 'a number in [0, 1]', String(value));
  }
}

/**
 * Trains a text-to-image model on captioned images through core's loop (progress, JSON-lines log,
 * checkpoints, exact resume): AdamW, linear warmup then cosine decay, gradient clipping, the diffusion
 * loss with condition dropout, and an EMA of the parameters updated after every step. The EMA's
 * averages are non-trainable variables checkpointed with the weights (the loop's `buffers`); its update
 * count is the step count, restored on resume, so a resumed run matches an uninterrupted one exactly.
 */
export async function fitDiffusion(model: TextToImageModel, data: CaptionedImages, config: DiffusionFitConfig, options: DiffusionFitOptions): Promise<DiffusionFitResult> {
  const { seed, checkpointPath, checkpointEvery, evaluate, onStep, ...passThrough } = options;
  checkFitArguments(model, data, config, seed);
  const emaDecay = config.emaDecay ?? 0.999;
  const { steps, learningRate } = config;
  const ema = diffusionEma(model);
  const optimizer = new AdamW(model.parameters(), { learningRate, weightDecay: config.weightDecay ?? 0.03 });
  try {
    const run = await train({
      model,
      optimizer,
      steps,
      clipNorm: config.clipNorm ?? 1,
      schedule: warmupCosine({
        peakLearningRate: learningRate,
        minLearningRate: learningRate / 10,
        warmupSteps: config.warmupSteps ?? Math.max(1, Math.round(steps / 20)),
        totalSteps: steps,
      }),
      buffers: new Map(Object.entries(ema.namedTensors())),
      // inside the loop's tidy: the batch tensors live until the gradients are taken
      loss: (step) => {
        const { images, captions } = imageBatch(data, diffusionBatchIndices(data.count, config.batch, step, seed));
        const rng = new Rng(streamSeed(seed, TRAINING_STREAMS.loss, step));
        return model.loss(images, captions, rng, { dropProbability: config.dropProbability ?? CAPTION_DROP_PROBABILITY });
      },
      onStep: (step, total, loss) => {
        // the first update after a resume: the loop restored the averages in place, not their count
        if (ema.updates !== step - 1) resumeEmaCount(ema, step - 1);
        ema.update(emaDecay);
        onStep?.(step, total, loss);
      },
      config: { model: model.config, fit: config, seed },
      ...passThrough,
      ...(evaluate === undefined ? {} : { evaluate: () => evaluate(ema), evalEvery: options.evalEvery ?? steps }),
      ...(checkpointPath === undefined ? {} : { checkpoint: { path: checkpointPath, every: checkpointEvery ?? options.evalEvery ?? steps } }),
    });
    // a resumed run with no updates left restored the averages but never reached onStep
    if (ema.updates !== run.step) resumeEmaCount(ema, run.step);
    return { run, ema };
  } catch (error) {
    ema.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}
