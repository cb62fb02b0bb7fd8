import { join } from 'node:path';
import type { Argv } from 'yargs';
import { Rng, initBackend } from '@hybridssm/core';
import { DATA_NAMES, POINT_MODEL_DEFAULTS, POINT_MODEL_FILES, POINT_MODEL_NAMES, SCANOBJECTNN_VARIANTS, buildPointModel, evaluatePointModel, fitPointModel, loadSplits, savePointModel } from '@hybridssm/pointcloud';
import type { DataName, PointModelName, SavedPointModelHeader, ScanObjectNNVariant } from '@hybridssm/pointcloud';
import { integerAtLeast, resolvePath, withBackend, withDataDir, withOut, withQuiet, withSeed } from '@hybridssm/harness';
import { SCALE_CONFIGS, modelOverrides } from './model-options.js';
import type { ScaleConfig } from './model-options.js';
import { savedData } from './training-data.js';

const percent = (value: number) => `${value.toFixed(1)}%`;

/** `train`: one classifier on a dataset's training split, tested on its test split; saves it in a directory. */
export function trainCommand(y: Argv): Argv {
  return y.command(
    'train',
    'train a point-cloud classifier, test it on the test split, and save weights, BatchNorm statistics and log in a directory',
    (c) =>
      withOut(withDataDir(withSeed(withQuiet(withBackend(c)))))
        .option('model', { choices: POINT_MODEL_NAMES, default: 'pointramba' as PointModelName, describe: 'the classifier' })
        .option('data', { choices: DATA_NAMES, default: 'synthetic' as DataName, describe: 'generated shapes, or a dataset (fetch it first: pnpm hybridssm pointcloud fetch <name>)' })
        .option('variant', { choices: SCANOBJECTNN_VARIANTS, default: 'PB_T50_RS' as ScanObjectNNVariant, describe: 'scanobjectnn: which split' })
        .option('scale-config', { choices: SCALE_CONFIGS, default: 'small' as ScaleConfig, describe: 'model size: smoke (tiny, seconds), small (CPU-sized), official (the paper\u2019s)' })
        .option('model-option', { type: 'string', array: true, describe: 'any setting of the model\u2019s configuration as name=value, e.g. npoints=512, transDim=64, pointMlp=64,128' })
        .option('epochs', { type: 'number', default: 10, describe: 'passes over the training split' })
        .option('batch', { type: 'number', default: 32, describe: 'clouds per update' })
        .option('lr', { type: 'number', default: 1e-3, describe: 'peak learning rate (AdamW, warmup then cosine decay)' })
        .option('per-class', { type: 'number', default: 24, describe: 'synthetic: training shapes per class' })
        .option('test-per-class', { type: 'number', default: 8, describe: 'synthetic: test shapes per class' })
        .option('checkpoint', { type: 'string', describe: 'model directory (default <out>/pointcloud/models/<model>-<data>); an unfinished run there resumes' })
        .check((a) => {
          for (const flag of ['epochs', 'batch', 'per-class', 'test-per-class'] as const) integerAtLeast(flag, a[flag], 1);
          if (!(a.lr > 0)) throw new Error(`--lr must be a positive number; got ${a.lr}`);
          modelOverrides(a.model, a['scale-config'], a['model-option']);
          return true;
        })
        .example('$0 train --model pointramba --data modelnet10 --data-dir ../shared/datasets --epochs 6', 'PoinTramba (CPU-sized) on ModelNet10')
        .example('$0 train --model pointnet --data synthetic --scale-config smoke --epochs 4 --batch 16', 'a tiny PointNet on generated shapes, in seconds')
        .example('$0 train --model pointramba --data scanobjectnn --variant OBJ_BG --model-option transDim=192 --model-option depth=6', 'any configuration setting'),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const overrides = modelOverrides(a.model, a.scaleConfig, a.modelOption);
      const npoints = { ...POINT_MODEL_DEFAULTS[a.model], ...overrides }.npoints;
      const data = savedData({ data: a.data, npoints, perClass: a.perClass, testPerClass: a.testPerClass, variant: a.variant });
      const splits = await loadSplits(data, resolvePath(a.dataDir));
      const numClasses = splits.classes.length;
      const model = buildPointModel(a.model, overrides, numClasses, new Rng(a.seed));
      const dir = resolvePath(a.checkpoint ?? join(a.out, 'pointcloud', 'models', `${a.model}-${a.data}`));
      const header: SavedPointModelHeader = {
        model: a.model,
        config: model.config as SavedPointModelHeader['config'],
        classes: splits.classes,
        data,
        training: { epochs: a.epochs, batch: a.batch, learningRate: a.lr, seed: a.seed },
      };
      try {
        const { numGroups, groupSize } = model.config;
        const groups = numGroups === undefined ? '' : `, ${numGroups} groups × ${groupSize}`;
        console.log(`${a.model}: ${model.numParameters().toLocaleString('en-US')} parameters, ${npoints} points${groups}; ${a.data}: ${splits.train.length} training and ${splits.test.length} test clouds of ${numClasses} classes; ${dir}`);
        const result = await fitPointModel(model, splits.train, { epochs: a.epochs, batch: a.batch, learningRate: a.lr }, {
          seed: a.seed,
          checkpointPath: join(dir, POINT_MODEL_FILES.training),
          logPath: join(dir, POINT_MODEL_FILES.log),
          config: header,
          label: a.model,
          quiet: a.quiet,
          evaluate: async () => {
            const metrics = await evaluatePointModel(model, splits.test, { numClasses });
            return { oa: metrics.overallAccuracy, macc: metrics.meanClassAccuracy };
          },
        });
        if (result.resumedFrom !== undefined) console.log(`resumed from update ${result.resumedFrom}`);
        await savePointModel(dir, model, header);
        const test = result.evals.at(-1)?.metrics;
        const scores = test === undefined ? '' : `; test OA ${percent(test.oa as number)}, mAcc ${percent(test.macc as number)}`;
        console.log(`trained ${result.step} updates: loss ${result.losses.at(-1)?.toFixed(4)}${scores}; saved ${join(dir, POINT_MODEL_FILES.model)}`);
      } finally {
        model.dispose();
      }
    },
  );
}
