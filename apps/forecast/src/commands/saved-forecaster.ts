import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, assignCheckpoint, loadSafetensors } from '@hybridssm/core';
import { MAMBAFORMER_TABLE2_SPEC, buildForecaster, forecastDataSpec, loadForecastData, settingsFor } from '@hybridssm/forecast';
import type { CalendarFeatures, ForecastData, ForecastScaleConfig, ScaleFit, Forecaster, ForecasterDims, ModelHyperParameters } from '@hybridssm/forecast';
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
  return MAMBAFORMER_TABLE2_SPEC.scales[scale].config as unknown as ForecastScaleConfig;
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

/** Rebuilds a trained forecaster from its checkpoint: the recipe in the header, then the weights. */
export async function loadForecaster(path: string): Promise<{ model: Forecaster; recipe: ForecasterRecipe }> {
  const { metadata, tensors } = await loadSafetensors(path);
  try {
    if (metadata.config === undefined) throw new Error(`${path} has no forecaster recipe in its header; train it with 'hybridssm-forecast train'`);
    const recipe = JSON.parse(metadata.config) as ForecasterRecipe;
    const model = buildFromRecipe(recipe);
    assignCheckpoint(path, tensors, model.parameters());
    return { model, recipe };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
