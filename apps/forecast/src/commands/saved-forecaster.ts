import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, loadModel } from '@hybridssm/core';
import { buildForecaster, forecastDataSpec, loadForecastData, mambaformerTable2, settingsFor } from '@hybridssm/forecast';
import type { CalendarFeatures, ForecastData, ForecastScaleConfig, ScaleFit, Forecaster, ForecasterDims, ModelHyperParameters } from '@hybridssm/forecast';
import { resolvePath } from '@hybridssm/harness';
import type { Scale } from '@hybridssm/harness';

/** What a trained forecaster's checkpoint records, so evaluate and forecast can rebuild it. */
export interface ForecasterRecipe {
  model: string;
  dataset: string;
  horizon: number;
  scale: Scale;
  seed: number;
  hyperParameters: ModelHyperParameters;
  /** calendar features the model was trained with (absent in older checkpoints: the scale's) */
  calendar?: CalendarFeatures;
  dims: ForecasterDims;
  /** the training settings used (scale's, with the command's overrides) */
  fit?: ScaleFit;
}

export function scaleConfig(scale: Scale): ForecastScaleConfig {
  return mambaformerTable2.spec.scales[scale].config;
}

/** The dataset of a recipe (the synthetic series is regenerated in a temp folder). */
export function recipeData(recipe: Pick<ForecasterRecipe, 'dataset' | 'horizon' | 'scale' | 'calendar'>, dataDir: string): ForecastData {
  const { seqLen, calendar } = settingsFor(scaleConfig(recipe.scale), recipe.dataset);
  const spec = forecastDataSpec(recipe.dataset, dataDir, mkdtempSync(join(tmpdir(), 'forecast-')), recipe.calendar ?? calendar);
  return loadForecastData(spec, seqLen, recipe.horizon);
}

export function buildFromRecipe(recipe: ForecasterRecipe): Forecaster {
  return buildForecaster(recipe.model, recipe.hyperParameters, recipe.dims, new Rng(recipe.seed));
}

/** Checks `--checkpoint` names an existing file before any work. */
export function existingCheckpoint(path: string): void {
  const resolved = resolvePath(path);
  if (!existsSync(resolved)) throw new Error(`--checkpoint: no file at ${resolved} (write one with \`train\`)`);
  if (statSync(resolved).isDirectory()) throw new Error(`--checkpoint must name a file, not the directory ${resolved}`);
}

/** Rebuilds a trained forecaster from its checkpoint: the recipe in the header, then the weights. */
export async function loadForecaster(path: string): Promise<{ model: Forecaster; recipe: ForecasterRecipe }> {
  const { model, config } = await loadModel(path, buildFromRecipe);
  return { model, recipe: config };
}
