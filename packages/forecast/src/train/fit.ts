import * as tf from '@tensorflow/tfjs';
import { AdamW, train } from '@hybridssm/core';
import type { RunProgress } from '@hybridssm/core';
import { batchTensors } from '../data/forecast-dataset.js';
import type { ForecastData, ForecastSplit } from '../data/forecast-dataset.js';
import type { Forecaster } from '../models/forecaster.js';
import { epochShuffles, trainingBatch, updatesPerEpoch, validationWindows } from './epoch-windows.js';
import { disposeBatch, evaluateForecaster, evenlySpacedWindows } from './evaluate.js';
import type { ForecastMetrics } from './evaluate.js';
import { learningRateOfEpoch } from './learning-rate.js';

export interface FitConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** early stopping: epochs without a better validation loss */
  patience: number;
  /**
   * windows per forward/backward pass: a batch is run as batchSize / microBatchSize passes whose
   * gradients are averaged (the same update, less memory; e.g. the paper's 128 windows on the wasm heap)
   */
  microBatchSize?: number;
  /** cap on updates per epoch (reduced scales); default: one pass over the training windows in full batches */
  stepsPerEpoch?: number;
  /** cap on the validation windows of an epoch (smoke scale); default: all its full batches */
  valWindows?: number;
  /** test windows evaluated, evenly spaced (smoke scale); default all */
  testWindows?: number;
  seed: number;
  quiet?: boolean;
  onStep?: (step: number, total: number, loss: number) => void;
  logPath?: string;
  /**
   * checkpoint at the end of every epoch (weights, Adam moments, the best epoch's weights, the losses
   * and validations so far); a run given an existing one resumes from it and ends as an uninterrupted run would
   */
  checkpointPath?: string;
}

export interface FitResult {
  test: ForecastMetrics;
  /** NaN when the validation split holds no full batch (then every epoch counts as the best, as in the official code) */
  bestVal: number;
  epochsRun: number;
  curves: { train: Array<{ x: number; y: number }>; val: Array<{ x: number; y: number }> };
}

/**
 * The official training loop (XiongxiaoXu/Mambaformer-in-Time-Series exp/exp_main.py, as Informer /
 * Time-Series-Library): MSE loss, Adam, full shuffled batches (drop_last), lr halved from the third epoch
 * (`lradj type1` applied after each epoch), early stopping on the validation MSE over the epoch's full
 * batches with the best weights restored, then MSE and MAE on every test window (normalised scale).
 * Batches and validation windows depend only on (seed, epoch, step).
 */
export async function fitForecaster(model: Forecaster, data: ForecastData, config: FitConfig): Promise<FitResult> {
  const microBatchSize = config.microBatchSize ?? config.batchSize;
  if (!(Number.isInteger(microBatchSize) && microBatchSize >= 1 && config.batchSize % microBatchSize === 0)) {
    throw new Error(`microBatchSize must be a positive integer dividing batchSize ${config.batchSize}; got ${config.microBatchSize}`);
  }
  const stepsPerEpoch = updatesPerEpoch(data.train.windowCount, config.batchSize, config.stepsPerEpoch);
  const shuffles = new Map<number, { train: number[]; val: number[] }>();
  const shufflesOf = (epoch: number) => {
    if (!shuffles.has(epoch)) shuffles.set(epoch, epochShuffles(config.seed, epoch, data.train.windowCount, data.val.windowCount));
    return shuffles.get(epoch) as { train: number[]; val: number[] };
  };
  const params = model.parameters();
  const optimizer = new AdamW(params, { learningRate: config.learningRate, weightDecay: 0, groups: [] });
  // the best epoch's weights, checkpointed with the run so that a resumed run restores the same ones
  const bestWeights = new Map([...params].map(([name, v]) => [`best.${name}`, tf.variable(tf.clone(v), false)]));
  const bestOf = (name: string) => bestWeights.get(`best.${name}`) as tf.Variable;
  let epochsDone = 0;

  const result = await train({
    model,
    optimizer,
    steps: config.epochs * stepsPerEpoch,
    accumulate: config.batchSize / microBatchSize,
    schedule: (step) => learningRateOfEpoch(config.learningRate, Math.floor(step / stepsPerEpoch)),
    evalEvery: stepsPerEpoch,
    quiet: config.quiet ?? true,
    onStep: (step, total, loss) => {
      epochsDone = Math.ceil(step / stepsPerEpoch);
      config.onStep?.(step, total, loss);
    },
    logPath: config.logPath,
    ...(config.checkpointPath === undefined ? {} : { checkpoint: { path: config.checkpointPath, every: stepsPerEpoch } }),
    buffers: bestWeights,
    loss: (step, micro) => {
      const windows = trainingBatch(shufflesOf(Math.floor(step / stepsPerEpoch)).train, step % stepsPerEpoch, config.batchSize);
      return trainingLoss(model, data.train, windows.slice(micro * microBatchSize, (micro + 1) * microBatchSize));
    },
    evaluate: async () => {
      // the mean over full batches equals the official mean of per-batch MSEs, whatever batch we evaluate in
      const windows = validationWindows(shufflesOf(epochsDone - 1).val, config.batchSize, config.valWindows);
      const { mse } = await evaluateForecaster(model, data.val, windows, 64);
      return { val: mse };
    },
    stopWhen: (run) => {
      const vals = validationLosses(run);
      const best = bestEpoch(vals);
      if (best === vals.length) params.forEach((v, name) => bestOf(name).assign(v));
      return vals.length - best >= config.patience;
    },
  });

  params.forEach((v, name) => v.assign(bestOf(name)));
  tf.dispose([...bestWeights.values()]);
  optimizer.dispose();
  const vals = validationLosses(result);
  const best = bestEpoch(vals);
  const curves: FitResult['curves'] = {
    train: vals.map((_, i) => ({ x: i + 1, y: mean(result.losses.slice(i * stepsPerEpoch, (i + 1) * stepsPerEpoch)) })),
    val: vals.flatMap((val, i) => (Number.isFinite(val) ? [{ x: i + 1, y: val }] : [])),
  };
  // the test loader: shuffle=False, drop_last=False, so every window (MSE over all their values)
  const test = await evaluateForecaster(model, data.test, evenlySpacedWindows(data.test, config.testWindows), 64);
  return { test, bestVal: best === 0 ? Infinity : (vals[best - 1] as number), epochsRun: vals.length, curves };
}

/** The MSE of `model` on the training `windows` of `split` (the loss of one pass of an update). */
export function trainingLoss(model: Forecaster, split: ForecastSplit, windows: readonly number[]): tf.Scalar {
  const batch = batchTensors(split, windows);
  const loss = tf.tidy(() => tf.losses.meanSquaredError(batch.y, model.forecast(batch)) as tf.Scalar);
  disposeBatch(batch);
  return loss;
}

function validationLosses(run: RunProgress): number[] {
  return run.evals.map((e) => e.metrics.val as number);
}

/**
 * The 1-based epoch whose weights early stopping keeps (utils/tools.py EarlyStopping): only a higher
 * loss counts against patience, so a tie or a NaN (no full validation batch) makes an epoch the best.
 */
export function bestEpoch(vals: readonly number[]): number {
  let best = 0;
  let bestVal = Infinity;
  vals.forEach((val, i) => {
    if (!(val > bestVal)) {
      best = i + 1;
      bestVal = val;
    }
  });
  return best;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
