import type * as tf from '@tensorflow/tfjs';
import type { Module } from '@hybridssm/core';

/** What every forecasting model sees: the input window, its time features and the horizon's. */
export interface ForecastInput {
  /** [b, seqLen, channels] */
  x: tf.Tensor;
  /** [b, seqLen, markChannels] or null */
  xMark: tf.Tensor | null;
  /** [b, predLen, markChannels] or null */
  yMark: tf.Tensor | null;
}

export interface ForecasterDims {
  seqLen: number;
  /** decoder start-token length (Informer's label_len); the family uses the whole input */
  labelLen: number;
  predLen: number;
  channels: number;
  markChannels: number;
  /** predicted channels: the last ones of the input */
  targetChannels: number;
}

/** A forecasting model: input window → prediction [b, predLen, targetChannels]. */
export interface Forecaster extends Module {
  forecast(input: ForecastInput): tf.Tensor;
}
