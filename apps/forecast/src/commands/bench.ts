import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { DATASETS, MODEL_NAMES, profileForecastUpdate, settingsFor, writeForecastUpdateProfile } from '@hybridssm/forecast';
import type { ModelName } from '@hybridssm/forecast';
import { findDataset, integerAtLeast, resolvePath, withBackend, withDataDir, withScale } from '@hybridssm/harness';
import { scaleConfig } from './saved-forecaster.js';

/** `bench update`: one training update at a scale's settings, timed and profiled by op. */
export function benchCommand(y: Argv): Argv {
  return y.command('bench', 'profile a training update', (b) =>
    b
      .command(
        'update',
        "time training updates of one model at a scale's settings (the fit's batch as passes of its micro-batch, then AdamW) and profile one by tfjs kernel; write <out>/profile-update.<model>.<scale>.{json,md}",
        (c) =>
          withDataDir(withBackend(withScale(c, "the table's settings")))
            .option('model', { choices: MODEL_NAMES, default: 'transformer' as ModelName, describe: 'a model of the Mambaformer family or a baseline' })
            .option('dataset', { type: 'string', default: 'synthetic', describe: `${DATASETS.map((d) => d.name).join(', ')}, or synthetic (generated)` })
            .option('horizon', { type: 'number', default: 96, describe: 'steps to forecast' })
            .option('micro-batch-size', { type: 'number', describe: "windows per forward/backward pass (default: the scale's, paper 16)" })
            .option('updates', { type: 'number', default: 3, describe: 'timed updates after a warm-up (the median is reported)' })
            .option('out', { type: 'string', default: 'results/forecast', describe: 'output folder' })
            .check((a) => {
              integerAtLeast('horizon', a.horizon, 1);
              integerAtLeast('updates', a.updates, 1);
              const micro = a['micro-batch-size'];
              integerAtLeast('micro-batch-size', micro, 1);
              if (a.dataset !== 'synthetic') findDataset(DATASETS, a.dataset);
              const { batchSize } = settingsFor(scaleConfig(a.scale), a.dataset).fit;
              if (micro !== undefined && batchSize % micro !== 0) {
                throw new Error(`--micro-batch-size must divide the scale's batch size ${batchSize}; got ${micro}`);
              }
              return true;
            })
            .example('$0 bench update --model transformer --dataset ETTh1 --scale paper --data-dir ../shared/datasets', "where a `paper` cell's update goes (issue 19's Transformer)"),
        async (a) => {
          const info = await initBackend(a.backend);
          console.log(info.message);
          const result = await profileForecastUpdate(
            { model: a.model, config: scaleConfig(a.scale), scale: a.scale, dataset: a.dataset, dataDir: resolvePath(a.dataDir), horizon: a.horizon, microBatchSize: a['micro-batch-size'], updates: a.updates },
            info,
          );
          console.log(`${a.model} at ${a.scale}: ${result.parameters.toLocaleString('en-US')} parameters, ${result.batchSize} windows as passes of ${result.microBatchSize}: ${result.updateMs.toFixed(0)} ms an update`);
          for (const file of writeForecastUpdateProfile(result, resolvePath(a.out))) console.log(`wrote ${file}`);
        },
      )
      .demandCommand(1, 'choose a benchmark: update'),
  );
}
