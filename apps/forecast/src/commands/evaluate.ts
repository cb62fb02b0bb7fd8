import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { evaluateForecaster, evenlySpacedWindows } from '@hybridssm/forecast';
import { resolvePath, withBackend, withDataDir, withQuiet } from '@hybridssm/harness';
import { existingCheckpoint, loadForecaster, recipeData } from './saved-forecaster.js';

/** `evaluate`: test MSE and MAE of a trained checkpoint on every test window. */
export function evaluateCommand(y: Argv): Argv {
  return y.command(
    'evaluate',
    'test MSE and MAE of a trained checkpoint (every test window)',
    (c) =>
      withDataDir(withQuiet(withBackend(c)))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'a .safetensors file written by `train`' })
        .check((a) => (existingCheckpoint(a.checkpoint), true))
        .example('$0 evaluate --checkpoint results/forecast/models/mamba-ETTh1-96.small.safetensors --data-dir ../shared/datasets', ''),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const { model, recipe } = await loadForecaster(resolvePath(a.checkpoint));
      const data = recipeData(recipe, resolvePath(a.dataDir));
      const test = await evaluateForecaster(model, data.test, evenlySpacedWindows(data.test, undefined), 64);
      console.log(`${recipe.model} on ${recipe.dataset}, horizon ${recipe.horizon}: test MSE ${test.mse.toFixed(4)}, MAE ${test.mae.toFixed(4)} (normalised scale)`);
      model.dispose();
    },
  );
}
