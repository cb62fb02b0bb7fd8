import * as tf from '@tensorflow/tfjs';
import { batchTensors, window } from '../data/forecast-dataset.js';
import type { ForecastData } from '../data/forecast-dataset.js';
import type { Forecaster } from '../models/forecaster.js';
import { disposeBatch } from '../train/evaluate.js';

export interface WindowForecast {
  /** names of the predicted channels (the target last) */
  channels: string[];
  /** [seqLen][channels] input window, data units */
  history: number[][];
  /** [predLen][channels] */
  prediction: number[][];
  /** [predLen][channels] the observed values */
  truth: number[][];
}

function rows(values: Float32Array, width: number): number[][] {
  return Array.from({ length: values.length / width }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width)));
}

/**
 * Forecasts the last window of the test split and maps history, prediction and truth back to the
 * data's units with the training scaler (the predicted channels are the last ones).
 */
export async function forecastLastWindow(model: Forecaster, data: ForecastData): Promise<WindowForecast> {
  const split = data.test;
  const index = split.windowCount - 1;
  const batch = batchTensors(split, [index]);
  const predicted = tf.tidy(() => model.forecast(batch));
  const prediction = (await predicted.data()) as Float32Array;
  predicted.dispose();
  disposeBatch(batch);
  const { x, y } = window(split, index);
  const target = split.targetChannels;
  const columns = [...Array(split.channels).keys()].slice(split.channels - target);
  const unscale = (values: Float32Array, width: number) => {
    const full = new Float32Array((values.length / width) * split.channels);
    rows(values, width).forEach((row, r) => row.forEach((v, c) => (full[r * split.channels + (split.channels - width) + c] = v)));
    const restored = data.scaler.inverseTransform(full);
    return rows(restored, split.channels).map((row) => columns.map((c) => row[c] as number));
  };
  return {
    channels: columns.map((c) => data.columns[c] as string),
    history: unscale(x, split.channels),
    prediction: unscale(prediction, target),
    truth: unscale(y, target),
  };
}

/** CSV of the forecast: step (negative = history), then predicted and true values per channel. */
export function forecastCsv(f: WindowForecast): string {
  const header = ['step', ...f.channels.flatMap((c) => [`${c}_forecast`, `${c}_truth`])];
  const lines = [header.join(',')];
  f.history.forEach((row, i) => lines.push([i - f.history.length, ...row.flatMap((v) => ['', v])].join(',')));
  f.prediction.forEach((row, i) => lines.push([i, ...row.flatMap((v, c) => [v, f.truth[i]?.[c] ?? ''])].join(',')));
  return `${lines.join('\n')}\n`;
}
