import type { CalendarFeatures } from '../data/time-features.js';
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

/** Rows of the synthetic series the smoke scale generates (seasonal + trend + noise, known truth). */
export const SYNTHETIC_ROWS = 2000;
