import { join } from 'node:path';
import type { Argv } from 'yargs';
import { Rng, countParameters, initBackend } from '@hybridssm/core';
import { BACKBONE_KINDS, DIFFUSION_MODEL_FILES, TextToImageModel, fitDiffusion, saveDiffusionModel, textToImageConfig } from '@hybridssm/diffusion';
import type { BackboneKind } from '@hybridssm/diffusion';
import { integerAtLeast, resolvePath, withBackend, withDataDir, withOut, withQuiet, withSeed } from '@hybridssm/harness';
import { TRAIN_PRESETS, checkBackboneFlags, chosenBackbone, presetGeometry } from './backbone-choice.js';
import type { TrainPreset } from './backbone-choice.js';
import { checkResumable } from './resume-check.js';
import { TRAIN_DATA, checkDataFlags, loadTrainingData } from './training-data.js';
import type { TrainData } from './training-data.js';

/** Updates whose mean loss `train` reports beside the last one (a single update's loss is noisy: random t and noise). */
const LOSS_WINDOW = 50;

const count = (n: number) => n.toLocaleString('en-US');

/** One line about the model: its parameters (and the reference its backbone was matched to) and its shape. */
function modelLine(model: TextToImageModel, preset: TrainPreset, matchedTo: number | undefined): string {
  const { kind, hidden, depth, patch, imageSize, channels } = model.config.backbone;
  const matched = matchedTo === undefined ? '' : ` (matched to the ${preset} dimba's ${count(matchedTo)})`;
  const parameters = `${count(countParameters(model).total)} parameters: backbone ${count(countParameters(model.backbone).total)}${matched}, text encoder ${count(countParameters(model.textEncoder).total)}`;
  return `${kind} (${preset}): ${parameters}; hidden ${hidden}, depth ${depth}, patch ${patch}, ${imageSize}×${imageSize}×${channels} images`;
}

/** The last loss and the mean of the last LOSS_WINDOW. */
function lossSummary(losses: readonly number[]): string {
  const window = losses.slice(-LOSS_WINDOW);
  const mean = window.reduce((sum, loss) => sum + loss, 0) / window.length;
  return `loss ${losses.at(-1)?.toFixed(4)} (mean of the last ${window.length}: ${mean.toFixed(4)})`;
}

/** `train`: a text-to-image model on captioned images, checkpointed and resumable; saves weights and their EMA in a directory. */
export function trainCommand(y: Argv): Argv {
  return y.command(
    'train',
    'train a text-to-image diffusion model (checkpointed: running the same command again resumes) and save its weights and their EMA in a directory',
    (c) =>
      withOut(withDataDir(withSeed(withQuiet(withBackend(c)))))
        .option('model', { choices: BACKBONE_KINDS, default: 'dimba' as BackboneKind, describe: 'the backbone: dimba (Transformer and bidirectional Mamba blocks), dit (Transformer only), dim (Mamba only); dit and dim get the dimba\u2019s parameter count (see --match-parameters)' })
        .option('data', { choices: TRAIN_DATA, default: 'digits' as TrainData, describe: 'digits (seven-segment digits, generated), shapes (coloured shapes, generated), mnist (fetch it first), or folder (--images)' })
        .option('images', { type: 'string', describe: 'with --data folder: a folder of .png/.jpg images and a captions.txt (<file><TAB><caption>) or captions.jsonl' })
        .option('resolution', { type: 'number', describe: 'shapes, digits and folder: image side in pixels, a multiple of the patch size (default: shapes 32, digits 28, folder 32; mnist is 28)' })
        .option('train-count', { type: 'number', describe: 'mnist, shapes, digits: train on at most this many images (default all: 9,000)' })
        .option('preset', { choices: TRAIN_PRESETS, default: 'small' as TrainPreset, describe: 'model size: tiny (tests, seconds), small (the CPU tables\u2019)' })
        .option('hidden', { type: 'number', describe: 'width of the dimba reference (default: the preset\u2019s)' })
        .option('depth', { type: 'number', describe: 'blocks of the dimba reference, and of dit and dim (default: the preset\u2019s)' })
        .option('match-parameters', {
          type: 'boolean',
          default: true,
          describe: 'dit and dim: solve their width so that they have the dimba reference\u2019s parameter count (within 5%); --no-match-parameters gives them its width',
        })
        .option('steps', { type: 'number', default: 1500, describe: 'updates (AdamW, warmup then cosine decay)' })
        .option('batch', { type: 'number', default: 32, describe: 'images per update' })
        .option('lr', { type: 'number', default: 1e-3, describe: 'peak learning rate' })
        .option('save-every', { type: 'number', default: 100, describe: 'write the training checkpoint every this many updates (and at the end)' })
        .option('checkpoint', { type: 'string', describe: 'model directory (default <out>/diffusion/models/<model>-<data>); a run there resumes' })
        .check((a) => {
          for (const flag of ['steps', 'batch', 'save-every'] as const) integerAtLeast(flag, a[flag], 1);
          if (!(a.lr > 0)) throw new Error(`--lr must be a positive number; got ${a.lr}`);
          checkDataFlags({ data: a.data, images: a.images, resolution: a.resolution, trainCount: a['train-count'] });
          checkBackboneFlags({ preset: a.preset, hidden: a.hidden, depth: a.depth });
          const { patch } = presetGeometry(a.preset);
          if (a.resolution !== undefined && a.resolution % patch !== 0) throw new Error(`--resolution must be a multiple of the ${a.preset} preset's patch size ${patch}; got ${a.resolution}`);
          return true;
        })
        .example('$0 train --model dimba --data digits --steps 400', 'the small Dimba on generated digits (about 2 s an update on two CPU cores)')
        .example('$0 train --preset tiny --resolution 16 --train-count 64 --batch 8 --steps 20', 'a tiny model in seconds, to try sample and eval')
        .example('$0 train --model dit --data mnist --data-dir ../shared/datasets', 'the small all-Transformer baseline at the small Dimba\u2019s parameter count')
        .example('$0 train --data folder --images my-pictures --resolution 32', 'your own captioned images'),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const { train, saved, description } = await loadTrainingData({ data: a.data, images: a.images, resolution: a.resolution, trainCount: a.trainCount }, resolvePath(a.dataDir));
      if (a.batch > train.count) throw new Error(`--batch must be at most the ${train.count} training images; got ${a.batch}`);
      const { backbone, matchedTo } = chosenBackbone(
        { model: a.model, preset: a.preset, hidden: a.hidden, depth: a.depth, matchParameters: a.matchParameters },
        { side: train.height, channels: train.channels },
      );
      const config = textToImageConfig({ backbone });
      const dir = resolvePath(a.checkpoint ?? join(a.out, 'diffusion', 'models', `${a.model}-${a.data}`));
      const checkpointPath = join(dir, DIFFUSION_MODEL_FILES.training);
      await checkResumable(checkpointPath, config);
      const model = new TextToImageModel(config, new Rng(a.seed));
      try {
        console.log(`${modelLine(model, a.preset, matchedTo)}; ${description}; ${dir}`);
        const { run, ema } = await fitDiffusion(model, train, { steps: a.steps, batch: a.batch, learningRate: a.lr }, {
          seed: a.seed,
          checkpointPath,
          checkpointEvery: a.saveEvery,
          logPath: join(dir, DIFFUSION_MODEL_FILES.log),
          label: a.model,
          quiet: a.quiet,
        });
        try {
          if (run.resumedFrom !== undefined) console.log(`resumed from update ${run.resumedFrom}`);
          await saveDiffusionModel(dir, model, ema, {
            image: { height: train.height, width: train.width, channels: train.channels },
            data: saved,
            training: { preset: a.preset, steps: a.steps, batch: a.batch, learningRate: a.lr, seed: a.seed },
          });
          console.log(`trained ${run.step} updates: ${lossSummary(run.losses)}; saved ${join(dir, DIFFUSION_MODEL_FILES.model)} (weights and their EMA over ${ema.updates} updates, which sample and eval use)`);
        } finally {
          ema.dispose();
        }
      } finally {
        model.dispose();
      }
    },
  );
}
