import { join } from 'node:path';
import type { Argv } from 'yargs';
import { initBackend, saveModel } from '@hybridssm/core';
import { DATASETS, MODEL_NAMES, fitForecaster, settingsFor } from '@hybridssm/forecast';
import { findDataset, integerAtLeast, resolvePath, withBackend, withDataDir, withOut, withQuiet, withScale, withSeed, writableFilePath } from '@hybridssm/harness';
import { fitWithOverrides } from './fit-overrides.js';
import { buildFromRecipe, recipeData, scaleConfig } from './saved-forecaster.js';
import type { ForecasterRecipe } from './saved-forecaster.js';

const defaultCheckpoint = (a: { out: string; model: string; dataset: string; horizon: number; scale: string }) =>
  join(a.out, 'forecast', 'models', `${a.model}-${a.dataset}-${a.horizon}.${a.scale}.safetensors`);

/** `train`: one model on one dataset and horizon, outside the tables; saves a checkpoint. */
export function trainCommand(y: Argv): Argv {
  return y.command(
    'train',
    "train one model on one dataset and horizon at a scale's settings; save its checkpoint",
    (c) =>
      withOut(withDataDir(withSeed(withQuiet(withBackend(withScale(c, "training settings (Table 2's)"))))))
        .option('model', { choices: MODEL_NAMES, demandOption: true, describe: 'a model of the Mambaformer family or a baseline' })
        .option('dataset', { type: 'string', demandOption: true, describe: `${DATASETS.map((d) => d.name).join(', ')}, or synthetic (generated)` })
        .option('horizon', { type: 'number', default: 96, describe: 'steps to forecast' })
        .option('revin', { type: 'boolean', describe: "reversible instance normalisation for the family (default: the scale's; off in the paper)" })
        .option('channel-independent', { type: 'boolean', describe: "the family forecasts each variable as its own series (default: the scale's; the paper mixes channels)" })
        .option('patch', { type: 'boolean', describe: "the family reads PatchTST's patches (length 16, stride 8) with a flatten head, needs --revin and --channel-independent (default: the scale's; the paper reads one token per step)" })
        .option('calendar', { choices: ['timeF', 'recurring'] as const, describe: "calendar features: all timeF columns, or those the training split repeats (default: the scale's)" })
        .option('epochs', { type: 'number', describe: "training epochs (default: the scale's)" })
        .option('steps-per-epoch', { type: 'number', describe: "updates per epoch (default: the scale's; 0 = every full batch of a pass over the training windows, the official drop_last)" })
        .option('batch-size', { type: 'number', describe: "windows per update (default: the scale's)" })
        .option('micro-batch-size', { type: 'number', describe: "windows per forward/backward pass; the update averages batch-size / micro-batch-size passes (less memory, same update; default: the scale's where it divides the batch, paper 16)" })
        .option('lr', { type: 'number', describe: "initial learning rate: epochs 1 and 2 at it, then halved every epoch (the official lradj type1; default: the scale's)" })
        .option('checkpoint', { type: 'string', describe: 'file to save to (default <out>/forecast/models/<model>-<dataset>-<horizon>.<scale>.safetensors)' })
        .check((a) => {
          integerAtLeast('horizon', a.horizon, 1);
          if (a.dataset !== 'synthetic') findDataset(DATASETS, a.dataset);
          fitWithOverrides(settingsFor(scaleConfig(a.scale), a.dataset).fit, a);
          const model = scaleConfig(a.scale).model;
          if ((a.patch ?? model.patch) === true && !((a.revin ?? model.revin) === true && (a.channelIndependent ?? model.channelIndependent) === true)) {
            throw new Error('--patch needs --revin and --channel-independent (patches are cut from each normalised univariate series)');
          }
          writableFilePath('checkpoint', a.checkpoint ?? defaultCheckpoint(a));
          return true;
        })
        .example(
          '$0 train --model mamba --dataset ETTh1 --revin --channel-independent --calendar recurring --scale small --data-dir ../shared/datasets',
          'the options under which the family learns ETTh1 (packages/forecast/README.md)',
        )
        .example('$0 train --model mambaformer --dataset ETTh1 --scale small --data-dir ../shared/datasets', "the paper's setting (no normalisation: it over-fits ETTh1's level)"),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const config = scaleConfig(a.scale);
      const settings = settingsFor(config, a.dataset);
      const fit = fitWithOverrides(settings.fit, a);
      const calendar = a.calendar ?? settings.calendar;
      const data = recipeData({ dataset: a.dataset, horizon: a.horizon, scale: a.scale, calendar }, resolvePath(a.dataDir));
      const hyperParameters = { ...config.model, revin: a.revin ?? config.model.revin, channelIndependent: a.channelIndependent ?? config.model.channelIndependent, patch: a.patch ?? config.model.patch };
      const recipe: ForecasterRecipe = {
        model: a.model, dataset: a.dataset, horizon: a.horizon, scale: a.scale, seed: a.seed, hyperParameters, calendar, fit,
        dims: { seqLen: settings.seqLen, labelLen: settings.labelLen, predLen: a.horizon, channels: data.train.channels, markChannels: data.train.markChannels, targetChannels: data.train.targetChannels },
      };
      const model = buildFromRecipe(recipe);
      const result = await fitForecaster(model, data, { ...fit, seed: a.seed, quiet: a.quiet });
      const path = writableFilePath('checkpoint', a.checkpoint ?? defaultCheckpoint(a));
      await saveModel(path, model, recipe);
      console.log(`test MSE ${result.test.mse.toFixed(4)}, MAE ${result.test.mae.toFixed(4)} after ${result.epochsRun} epochs (best validation MSE ${result.bestVal.toFixed(4)}); saved ${path}`);
      model.dispose();
    },
  );
}
