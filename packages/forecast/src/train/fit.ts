import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, lradjType1, train } from '@hybridssm/core';
import { batchTensors } from '../data/forecast-dataset.js';
import type { ForecastData } from '../data/forecast-dataset.js';
import type { Forecaster } from '../models/forecaster.js';
import { disposeBatch, evaluateForecaster, evenlySpacedWindows } from './evaluate.js';
import type { ForecastMetrics } from './evaluate.js';

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
  /** cap on updates per epoch (reduced scales); default: one pass over the training windows */
  stepsPerEpoch?: number;
  /** validation and test windows evaluated (evenly spaced); default all */
  valWindows?: number;
  testWindows?: number;
  seed: number;
  quiet?: boolean;
  onStep?: (step: number, total: number, loss: number) => void;
  logPath?: string;
}

export interface FitResult {
  test: ForecastMetrics;
  bestVal: number;
  epochsRun: number;
  curves: { train: Array<{ x: number; y: number }>; val: Array<{ x: number; y: number }> };
}

/**
 * The long-term forecasting protocol of Informer/Autoformer/Time-Series-Library: MSE loss, Adam,
 * lr halved every epoch (`lradj type1`), early stopping on the validation MSE with the best weights
 * restored, then MSE and MAE on the test split (normalised scale). Batches depend only on (seed, step).
 */
export async function fitForecaster(model: Forecaster, data: ForecastData, config: FitConfig): Promise<FitResult> {
  const microBatchSize = config.microBatchSize ?? config.batchSize;
  if (!(Number.isInteger(microBatchSize) && microBatchSize >= 1 && config.batchSize % microBatchSize === 0)) {
    throw new Error(`microBatchSize must be a positive integer dividing batchSize ${config.batchSize}; got ${config.microBatchSize}`);
  }
  const windows = data.train.windowCount;
  const stepsPerEpoch = Math.min(config.stepsPerEpoch ?? Infinity, Math.ceil(windows / config.batchSize));
  const orders = new Map<number, number[]>();
  const orderOf = (epoch: number) => {
    if (!orders.has(epoch)) orders.set(epoch, new Rng(config.seed * 1_000_003 + epoch).permutation(windows));
    return orders.get(epoch) as number[];
  };
  const schedule = lradjType1(config.learningRate);
  const params = model.parameters();
  const optimizer = new AdamW(params, { learningRate: config.learningRate, weightDecay: 0, groups: [] });
  const valWindows = evenlySpacedWindows(data.val, config.valWindows);
  let best = { val: Infinity, weights: [] as tf.Tensor[], epoch: 0 };
  const curves: FitResult['curves'] = { train: [], val: [] };

  const result = await train({
    model,
    optimizer,
    steps: config.epochs * stepsPerEpoch,
    accumulate: config.batchSize / microBatchSize,
    schedule: (step) => schedule(Math.floor(step / stepsPerEpoch) + 1),
    evalEvery: stepsPerEpoch,
    quiet: config.quiet ?? true,
    onStep: config.onStep,
    logPath: config.logPath,
    loss: (step, micro) => {
      const epoch = Math.floor(step / stepsPerEpoch);
      const offset = (step % stepsPerEpoch) * config.batchSize + micro * microBatchSize;
      const order = orderOf(epoch);
      const indices = Array.from({ length: microBatchSize }, (_, i) => order[(offset + i) % windows] as number);
      const batch = batchTensors(data.train, indices);
      const loss = tf.tidy(() => tf.losses.meanSquaredError(batch.y, model.forecast(batch)) as tf.Scalar);
      disposeBatch(batch);
      return loss;
    },
    evaluate: async () => {
      const { mse } = await evaluateForecaster(model, data.val, valWindows, 64);
      return { val: mse };
    },
    stopWhen: (run) => {
      const epoch = run.evals.length;
      const val = run.evals.at(-1)?.metrics.val as number;
      const epochLosses = run.losses.slice((epoch - 1) * stepsPerEpoch);
      curves.train.push({ x: epoch, y: epochLosses.reduce((a, b) => a + b, 0) / epochLosses.length });
      curves.val.push({ x: epoch, y: val });
      if (val < best.val) {
        tf.dispose(best.weights);
        best = { val, weights: [...params.values()].map((v) => tf.clone(v)), epoch };
      }
      return epoch - best.epoch >= config.patience;
    },
  });

  [...params.values()].forEach((v, i) => v.assign(best.weights[i] as tf.Tensor));
  tf.dispose(best.weights);
  optimizer.dispose();
  const test = await evaluateForecaster(model, data.test, evenlySpacedWindows(data.test, config.testWindows), 64);
  return { test, bestVal: best.val, epochsRun: result.evals.length, curves };
}
