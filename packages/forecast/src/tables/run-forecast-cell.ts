import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng } from '@hybridssm/core';
import type { CellContext, CellOutcome, ColumnSpec, RowSpec } from '@hybridssm/harness';
import { resolveDataset } from '../data/datasets.js';
import { loadForecastData } from '../data/forecast-dataset.js';
import type { ForecastDataSpec } from '../data/forecast-dataset.js';
import type { CalendarFeatures } from '../data/time-features.js';
import { writeSyntheticCsv } from '../data/synthetic.js';
import { buildForecaster } from '../models/model-registry.js';
import { fitForecaster } from '../train/fit.js';
import { SYNTHETIC_ROWS, settingsFor } from './forecast-scale.js';
import type { ForecastScaleConfig } from './forecast-scale.js';

/** The data of a column: a benchmark set from `dataDir`, or the synthetic series written into `workDir`. */
export function forecastDataSpec(dataset: string, dataDir: string, workDir: string, calendar: CalendarFeatures = 'timeF'): ForecastDataSpec {
  if (dataset === 'synthetic') {
    const path = join(workDir, 'synthetic_h.csv');
    if (!existsSync(path)) writeSyntheticCsv(path, { rows: SYNTHETIC_ROWS, channels: 4, freq: 'h', seed: 0 });
    return { path, kind: 'ratio', freq: 'h', features: 'M', calendar };
  }
  const entry = resolveDataset(dataset, dataDir);
  return { path: entry.path, kind: entry.kind, freq: entry.freq, features: 'M', dateColumn: entry.dateColumn, target: entry.target, calendar };
}

/** One cell of a forecasting table: train `row` on `column`'s dataset and horizon, report test MSE/MAE. */
export async function runForecastCell(row: RowSpec, column: ColumnSpec, ctx: CellContext<ForecastScaleConfig>): Promise<CellOutcome> {
  const { config } = ctx;
  const dataset = String(column.settings.dataset);
  const horizon = Number(column.settings.horizon);
  const settings = settingsFor(config, dataset);
  const data = loadForecastData(forecastDataSpec(dataset, ctx.dataDir, dirname(ctx.logPath), settings.calendar), settings.seqLen, horizon);
  const dims = {
    seqLen: settings.seqLen,
    labelLen: settings.labelLen,
    predLen: horizon,
    channels: data.train.channels,
    markChannels: data.train.markChannels,
    targetChannels: data.train.targetChannels,
  };
  const model = buildForecaster(row.id, config.model, dims, new Rng(ctx.seed));
  try {
    const fit = await fitForecaster(model, data, {
      ...settings.fit,
      seed: ctx.seed,
      onStep: (step, total, loss) => ctx.report(step, total, { loss }),
      logPath: ctx.logPath,
      checkpointPath: ctx.checkpointPath,
    });
    return { metrics: { mse: fit.test.mse, mae: fit.test.mae }, curves: fit.curves };
  } finally {
    model.dispose();
  }
}
