import * as tf from '@tensorflow/tfjs';
import { webgpuBindingLimit } from '@hybridssm/core';
import type { CalendarFeatures } from '../data/time-features.js';
import type { ForecasterDims } from '../models/forecaster.js';
import type { ModelHyperParameters } from '../models/model-registry.js';
import type { FitConfig } from '../train/fit.js';

export type ScaleFit = Omit<FitConfig, 'seed' | 'quiet' | 'onStep' | 'logPath' | 'checkpointPath'>;

/** Settings a dataset overrides (the paper's scripts use other lr and batch sizes; ILI a shorter input; Exchange the code's hourly calendar). */
export interface DatasetOverride {
  seqLen?: number;
  labelLen?: number;
  calendar?: CalendarFeatures;
  fit?: Partial<ScaleFit>;
}

/** The complete config of one scale of a forecasting table (TableSpec.scales[scale].config). */
export interface ForecastScaleConfig {
  seqLen: number;
  labelLen: number;
  /** calendar features the models see; default 'timeF' */
  calendar?: CalendarFeatures;
  model: ModelHyperParameters;
  fit: ScaleFit;
  perDataset?: Record<string, DatasetOverride>;
}

/** The settings for one dataset: the scale's, with the dataset's overrides applied. */
export function settingsFor(config: ForecastScaleConfig, dataset: string): { seqLen: number; labelLen: number; calendar: CalendarFeatures; fit: ScaleFit } {
  const override = config.perDataset?.[dataset];
  return {
    calendar: override?.calendar ?? config.calendar ?? 'timeF',
    seqLen: override?.seqLen ?? config.seqLen,
    labelLen: override?.labelLen ?? config.labelLen,
    fit: { ...config.fit, ...override?.fit },
  };
}

/** Where a pass of a webgpu update must fit: the bytes of one window's largest activation, the device's binding limit. */
export interface GpuPassLimit {
  windowBytes: number;
  bindingLimit: number;
}

/**
 * The fit for the backend the run is on. A scale's micro-batches exist for the wasm heap (the paper
 * scale's 128 windows at d_model 512 abort it) and the pure-JS cpu backend. Native TensorFlow runs
 * whole batches; webgpu the largest pass that divides the batch and whose largest activation fits one
 * buffer binding: on a large GPU the whole batch, the same update in an eighth of the dispatches.
 */
export function fitForBackend(fit: ScaleFit, backend: string, gpu?: GpuPassLimit): ScaleFit {
  if (backend === 'wasm' || backend === 'cpu') return fit;
  const whole = { ...fit };
  delete whole.microBatchSize;
  if (backend !== 'webgpu' || gpu === undefined) return whole;
  let pass = fit.batchSize;
  while (pass > 1 && (fit.batchSize % pass !== 0 || pass * gpu.windowBytes > gpu.bindingLimit)) pass -= 1;
  return pass === fit.batchSize ? whole : { ...whole, microBatchSize: pass };
}

/**
 * Bytes of a forecaster's largest activation per window (float32): the FFN's hidden layer, Mamba's
 * expanded stream (2·d_model) or the attention scores, over the longest token sequence it reads.
 */
export function largestActivationBytes(model: ModelHyperParameters, dims: Pick<ForecasterDims, 'seqLen' | 'labelLen' | 'predLen' | 'channels'>): number {
  const tokens = Math.max(dims.seqLen, dims.labelLen) + dims.predLen;
  const seriesPerWindow = model.channelIndependent === true ? dims.channels : 1;
  return 4 * seriesPerWindow * tokens * Math.max(model.dFF, 2 * model.dModel, model.nHeads * tokens);
}

/** `fitForBackend` for the active tfjs backend and, on webgpu, its device's binding limit. */
export function fitForActiveBackend(fit: ScaleFit, model: ModelHyperParameters, dims: Pick<ForecasterDims, 'seqLen' | 'labelLen' | 'predLen' | 'channels'>): ScaleFit {
  const bindingLimit = webgpuBindingLimit();
  return fitForBackend(fit, tf.getBackend(), bindingLimit === undefined ? undefined : { bindingLimit, windowBytes: largestActivationBytes(model, dims) });
}

/** Rows of the synthetic series the smoke scale generates (seasonal + trend + noise, known truth). */
export const SYNTHETIC_ROWS = 2000;
