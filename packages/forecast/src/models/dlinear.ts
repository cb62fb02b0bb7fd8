import * as tf from '@tensorflow/tfjs';
import { Module } from '@hybridssm/core';
import type { ForecastInput, Forecaster, ForecasterDims } from './forecaster.js';

/**
 * Moving average over time with the series' end values repeated at both ends, as a constant [l, l]
 * matrix (DLinear's series_decomp with kernel k).
 */
function movingAverageMatrix(length: number, kernel: number): tf.Tensor2D {
  const half = Math.floor((kernel - 1) / 2);
  const values = new Float32Array(length * length);
  for (let t = 0; t < length; t++) {
    for (let j = t - half; j <= t + (kernel - 1 - half); j++) {
      const source = Math.min(length - 1, Math.max(0, j));
      values[t * length + source] = (values[t * length + source] as number) + 1 / kernel;
    }
  }
  return tf.tensor2d(values, [length, length]);
}

/**
 * DLinear (Zeng et al. 2023): decompose each channel into trend (moving average, kernel 25) and
 * remainder, map each with a linear layer over time (seqLen → predLen, shared across channels), add.
 * Weights start at 1/seqLen, as in the reference code.
 */
export class DLinear extends Module implements Forecaster {
  readonly seasonal: tf.Variable;
  readonly trend: tf.Variable;
  readonly seasonalBias: tf.Variable;
  readonly trendBias: tf.Variable;

  constructor(readonly dims: ForecasterDims, readonly kernel = 25) {
    super();
    const { seqLen, predLen } = dims;
    this.seasonal = this.parameter('Linear_Seasonal.weight', tf.fill([predLen, seqLen], 1 / seqLen));
    this.seasonalBias = this.parameter('Linear_Seasonal.bias', tf.zeros([predLen]));
    this.trend = this.parameter('Linear_Trend.weight', tf.fill([predLen, seqLen], 1 / seqLen));
    this.trendBias = this.parameter('Linear_Trend.bias', tf.zeros([predLen]));
  }

  forecast(input: ForecastInput): tf.Tensor {
    return tf.tidy(() => {
      const { seqLen, predLen, channels, targetChannels } = this.dims;
      const b = input.x.shape[0] as number;
      // [b, l, c] → [b·c, l]: each channel is a series
      const series = tf.reshape(tf.transpose(input.x, [0, 2, 1]), [b * channels, seqLen]) as tf.Tensor2D;
      const trend = tf.matMul(series, movingAverageMatrix(seqLen, this.kernel), false, true);
      const seasonal = tf.sub(series, trend);
      const out = tf.add(
        tf.add(tf.matMul(seasonal, this.seasonal as tf.Tensor2D, false, true), this.seasonalBias),
        tf.add(tf.matMul(trend, this.trend as tf.Tensor2D, false, true), this.trendBias),
      );
      const prediction = tf.transpose(tf.reshape(out, [b, channels, predLen]), [0, 2, 1]);
      return tf.slice(prediction, [0, 0, channels - targetChannels], [b, predLen, targetChannels]);
    });
  }
}
