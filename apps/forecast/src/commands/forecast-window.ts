import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { forecastCsv, forecastLastWindow } from '@hybridssm/forecast';
import type { WindowForecast } from '@hybridssm/forecast';
import { resolvePath, withBackend, withDataDir, withOut, withQuiet, writableFilePath, writePlot } from '@hybridssm/harness';
import { existingCheckpoint, loadForecaster, recipeData } from './saved-forecaster.js';

const defaultPrefix = (out: string, checkpoint: string) =>
  join(out, 'forecast', 'forecasts', checkpoint.split('/').at(-1)?.replace(/\.safetensors$/, '') ?? 'forecast');

/** The target channel's history, forecast and truth as one plot. */
function targetPlot(result: WindowForecast, title: string) {
  const target = result.channels.length - 1;
  const series = (rows: number[][], offset: number) => rows.map((row, i) => ({ x: i + offset, y: row[target] as number }));
  return {
    title,
    xLabel: 'step (0 = first forecast)',
    yLabel: result.channels[target] as string,
    series: [
      { name: 'history', points: series(result.history, -result.history.length) },
      { name: 'forecast', points: series(result.prediction, 0) },
      { name: 'truth', points: series(result.truth, 0), dashed: true },
    ],
  };
}

/** `forecast`: the last test window of a checkpoint's dataset as CSV and PNG. */
export function forecastCommand(y: Argv): Argv {
  return y.command(
    'forecast',
    'forecast the last test window: CSV of history, forecast and truth, and a PNG plot of the target',
    (c) =>
      withOut(withDataDir(withQuiet(withBackend(c))))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'a .safetensors file written by `train`' })
        .option('output', { type: 'string', describe: 'file prefix: writes <prefix>.csv, .svg, .png (default <out>/forecast/forecasts/<checkpoint name>)' })
        .check((a) => {
          existingCheckpoint(a.checkpoint);
          const prefix = a.output ?? defaultPrefix(a.out, a.checkpoint);
          for (const extension of ['csv', 'png']) writableFilePath('output', `${prefix}.${extension}`);
          writableFilePath('output', prefix);
          return true;
        })
        .example('$0 forecast --checkpoint results/forecast/models/mamba-ETTh1-96.small.safetensors --data-dir ../shared/datasets', ''),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const { model, recipe } = await loadForecaster(resolvePath(a.checkpoint));
      const result = await forecastLastWindow(model, recipeData(recipe, resolvePath(a.dataDir)));
      model.dispose();
      const prefix = writableFilePath('output', a.output ?? defaultPrefix(a.out, a.checkpoint));
      mkdirSync(dirname(prefix), { recursive: true });
      writeFileSync(`${prefix}.csv`, forecastCsv(result));
      const plot = await writePlot(targetPlot(result, `${recipe.model} on ${recipe.dataset}: ${result.channels.at(-1)}, horizon ${recipe.horizon}`), prefix);
      console.log(`wrote ${prefix}.csv, ${plot.svg}, ${plot.png}`);
    },
  );
}
