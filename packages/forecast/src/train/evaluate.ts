import * as tf from '@tensorflow/tfjs';
import { batchTensors } from '../data/forecast-dataset.js';
import type { ForecastBatch, ForecastSplit } from '../data/forecast-dataset.js';
import type { Forecaster } from '../models/forecaster.js';

export interface ForecastMetrics {
  mse: number;
  mae: number;
}

export function disposeBatch(batch: ForecastBatch): void {
  for (const t of [batch.x, batch.y, batch.xMark, batch.yMark]) t?.dispose();
}

/** `count` window indices spread evenly over the split (all of them when count ≥ windowCount). */
export function evenlySpacedWindows(split: ForecastSplit, count: number | undefined): number[] {
  const total = split.windowCount;
  if (count === undefined || count >= total) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
}

/** MSE and MAE over every predicted value of the given windows, on the normalised scale (the benchmark's convention). */
export async function evaluateForecaster(model: Forecaster, split: ForecastSplit, windows: number[], batchSize: number): Promise<ForecastMetrics> {
  let squared = 0;
  let absolute = 0;
  let count = 0;
  for (let start = 0; start < windows.length; start += batchSize) {
    const batch = batchTensors(split, windows.slice(start, start + batchSize));
    const sums = tf.tidy(() => {
      const error = tf.sub(model.forecast(batch), batch.y);
      return tf.stack([tf.sum(tf.square(error)), tf.sum(tf.abs(error))]);
    });
    const [sq, ab] = Array.from(await sums.data());
    squared += sq as number;
    absolute += ab as number;
    count += batch.y.size;
    sums.dispose();
    disposeBatch(batch);
  }
  return { mse: squared / count, mae: absolute / count };
}
