import type { ModelHyperParameters } from '../models/model-registry.js';
import type { FitConfig } from '../train/fit.js';

/** The complete config of one scale of a forecasting table (TableSpec.scales[scale].config). */
export interface ForecastScaleConfig {
  seqLen: number;
  labelLen: number;
  model: ModelHyperParameters;
  fit: Omit<FitConfig, 'seed' | 'quiet' | 'onStep' | 'logPath'>;
  /** per-dataset overrides of the fit settings (the paper's scripts use other lr and batch sizes per dataset) */
  perDataset?: Record<string, Partial<ForecastScaleConfig['fit']>>;
}

/** Rows of the synthetic series the smoke scale generates (seasonal + trend + noise, known truth). */
export const SYNTHETIC_ROWS = 2000;
