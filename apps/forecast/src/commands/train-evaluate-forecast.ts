import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { initBackend, saveModel } from '@hybridssm/core';
import { MODEL_NAMES, evaluateForecaster, evenlySpacedWindows, fitForecaster, forecastCsv, forecastLastWindow, settingsFor } from '@hybridssm/forecast';
import { resolvePath, writePlot } from '@hybridssm/harness';
import type { SharedOptions } from '@hybridssm/harness';
import { fitWithOverrides, requireIntegerFlag } from './fit-overrides.js';
import { buildFromRecipe, loadForecaster, recipeData, scaleConfig } from './saved-forecaster.js';
import type { ForecasterRecipe } from './saved-forecaster.js';

/** `train`, `evaluate` and `forecast`: one model on one dataset and horizon, outside the tables. */
export function forecastCommands(y: Argv<SharedOptions>): Argv<SharedOptions> {
  return y
    .command(
      'train',
      'train one model on one dataset and horizon at a scale\'s settings; save its checkpoint',
      (c) =>
        c
          .option('model', { choices: MODEL_NAMES, demandOption: true })
          .option('dataset', { type: 'string', demandOption: true, describe: 'ETTh1, ETTh2, ETTm1, ETTm2, Exchange, Weather, ILI, Electricity, synthetic' })
          .option('horizon', { type: 'number', default: 96 })
          .option('revin', { type: 'boolean', describe: "reversible instance normalisation for the family (default: the scale's; off in the paper)" })
          .option('channel-independent', { type: 'boolean', describe: "the family forecasts each variable as its own series (default: the scale's; the paper mixes channels)" })
          .option('calendar', { choices: ['timeF', 'recurring'] as const, describe: "calendar features: all timeF columns, or those the training split repeats (default: the scale's)" })
          .option('epochs', { type: 'number', describe: "training epochs (default: the scale's)" })
          .option('steps-per-epoch', { type: 'number', describe: "updates per epoch (default: the scale's; 0 = one pass over the training windows)" })
          .option('batch-size', { type: 'number', describe: "windows per update (default: the scale's)" })
          .option('micro-batch-size', { type: 'number', describe: 'windows per forward/backward pass; the update averages batch-size / micro-batch-size passes (less memory, same update)' })
          .option('lr', { type: 'number', describe: "initial learning rate, halved every epoch (default: the scale's)" })
          .option('checkpoint', { type: 'string', describe: 'where to save (default <out>/forecast/models/<model>-<dataset>-<horizon>.<scale>.safetensors)' }),
      async (a) => {
        console.log((await initBackend(a.backend)).message);
        requireIntegerFlag('horizon', a.horizon, 1, 'positive');
        const config = scaleConfig(a.scale);
        const settings = settingsFor(config, a.dataset);
        const fit = fitWithOverrides(settings.fit, a);
        const calendar = a.calendar ?? settings.calendar;
        const data = recipeData({ dataset: a.dataset, horizon: a.horizon, scale: a.scale, calendar }, resolvePath(a.dataDir));
        const hyperParameters = { ...config.model, revin: a.revin ?? config.model.revin, channelIndependent: a.channelIndependent ?? config.model.channelIndependent };
        const recipe: ForecasterRecipe = {
          model: a.model, dataset: a.dataset, horizon: a.horizon, scale: a.scale, seed: a.seed, hyperParameters, calendar,
          fit,
          dims: { seqLen: settings.seqLen, labelLen: settings.labelLen, predLen: a.horizon, channels: data.train.channels, markChannels: data.train.markChannels, targetChannels: data.train.targetChannels },
        };
        const model = buildFromRecipe(recipe);
        const result = await fitForecaster(model, data, { ...fit, seed: a.seed, quiet: a.quiet });
        const path = resolvePath(a.checkpoint ?? join(a.out, 'forecast', 'models', `${a.model}-${a.dataset}-${a.horizon}.${a.scale}.safetensors`));
        await saveModel(path, model, recipe);
        console.log(`test MSE ${result.test.mse.toFixed(4)}, MAE ${result.test.mae.toFixed(4)} after ${result.epochsRun} epochs (best validation MSE ${result.bestVal.toFixed(4)}); saved ${path}`);
        model.dispose();
      },
    )
    .command(
      'evaluate',
      'test MSE and MAE of a trained checkpoint',
      (c) => c.option('checkpoint', { type: 'string', demandOption: true }),
      async (a) => {
        console.log((await initBackend(a.backend)).message);
        const { model, recipe } = await loadForecaster(resolvePath(a.checkpoint));
        const data = recipeData(recipe, resolvePath(a.dataDir));
        const test = await evaluateForecaster(model, data.test, evenlySpacedWindows(data.test, undefined), 64);
        console.log(`${recipe.model} on ${recipe.dataset}, horizon ${recipe.horizon}: test MSE ${test.mse.toFixed(4)}, MAE ${test.mae.toFixed(4)} (normalised scale)`);
        model.dispose();
      },
    )
    .command(
      'forecast',
      'forecast the last test window: CSV of history, forecast and truth, and a PNG plot of the target',
      (c) =>
        c
          .option('checkpoint', { type: 'string', demandOption: true })
          .option('output', { type: 'string', describe: 'file prefix (default <out>/forecast/forecasts/<checkpoint name>)' }),
      async (a) => {
        console.log((await initBackend(a.backend)).message);
        const checkpoint = resolvePath(a.checkpoint);
        const { model, recipe } = await loadForecaster(checkpoint);
        const result = await forecastLastWindow(model, recipeData(recipe, resolvePath(a.dataDir)));
        model.dispose();
        const name = checkpoint.split('/').at(-1)?.replace(/\.safetensors$/, '') ?? 'forecast';
        const prefix = resolvePath(a.output ?? join(a.out, 'forecast', 'forecasts', name));
        mkdirSync(dirname(prefix), { recursive: true });
        writeFileSync(`${prefix}.csv`, forecastCsv(result));
        const target = result.channels.length - 1;
        const series = (rows: number[][], offset: number) => rows.map((row, i) => ({ x: i + offset, y: row[target] as number }));
        const plot = await writePlot(
          {
            title: `${recipe.model} on ${recipe.dataset}: ${result.channels[target]}, horizon ${recipe.horizon}`,
            xLabel: 'step (0 = first forecast)',
            yLabel: result.channels[target] as string,
            series: [
              { name: 'history', points: series(result.history, -result.history.length) },
              { name: 'forecast', points: series(result.prediction, 0) },
              { name: 'truth', points: series(result.truth, 0), dashed: true },
            ],
          },
          prefix,
        );
        console.log(`wrote ${prefix}.csv, ${plot.svg}, ${plot.png}`);
      },
    ) as unknown as Argv<SharedOptions>;
}
