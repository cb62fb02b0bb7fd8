import { join } from 'node:path';
import type { Argv } from 'yargs';
import { createProgress, initBackend } from '@hybridssm/core';
import { generationEvaluator, scoreGenerations } from '@hybridssm/diffusion';
import type { DiffusionSplits, SavedDiffusionModel } from '@hybridssm/diffusion';
import { integerAtLeast, resolvePath, withBackend, withDataDir, withOut, withQuiet, withSeed } from '@hybridssm/harness';
import { samplingOptions, samplingSummary, withSampling } from './sampling-options.js';
import { withSavedModel } from './saved-model.js';
import { labelledSplits } from './training-data.js';

const count = (n: number) => n.toLocaleString('en-US');
const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/** Overall and per attribute: "41.5% (digit 41.5%)". */
function accuracyLine(overall: number, perAttribute: Record<string, number>): string {
  return `${percent(overall)} (${Object.entries(perAttribute).map(([name, share]) => `${name} ${percent(share)}`).join(', ')})`;
}

/** The model must generate images of the size the dataset's classifier reads. */
function checkImageSize(saved: SavedDiffusionModel, splits: DiffusionSplits, checkpoint: string): void {
  const { height, width, channels } = saved.header.image;
  const test = splits.test;
  if (height !== test.height || width !== test.width || channels !== test.channels) {
    throw new Error(`${checkpoint} generates ${height}×${width}×${channels} images; the ${splits.name} test images it is scored against are ${test.height}×${test.width}×${test.channels}`);
  }
}

/** `eval`: prompt accuracy and the feature-space Fréchet distance of a saved model's images for its dataset's test captions. */
export function evaluateCommand(y: Argv): Argv {
  return y.command(
    'eval',
    "score a saved model on its dataset's test captions: prompt accuracy (overall and per attribute, judged by an evaluation classifier trained on the real images and cached under <out>/diffusion/classifiers/), " +
      "the Fréchet distance in the evaluation classifier's feature space (not FID: no Inception network), and ms per image",
    (c) =>
      withOut(withDataDir(withSeed(withQuiet(withBackend(withSampling(c))))))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'model directory written by train (on mnist, shapes or digits)' })
        .option('prompts', { type: 'number', default: 200, describe: 'the first this many test captions, one image each (at least 2)' })
        .check((a) => integerAtLeast('prompts', a.prompts, 2))
        .example('$0 eval --checkpoint results/diffusion/models/dimba-digits', '200 test captions, 50 DDIM steps, guidance 3')
        .example('$0 eval --checkpoint results/diffusion/models/dit-mnist --prompts 1000 --guidance 4.5 --data-dir ../shared/datasets', 'the whole MNIST test split at PixArt-α\u2019s guidance'),
    async (a) => {
      const info = await initBackend(a.backend);
      console.log(info.message);
      await withSavedModel(a.checkpoint, async (saved) => {
        const sampling = samplingOptions(a, saved);
        const splits = await labelledSplits(saved.header.data, resolvePath(a.dataDir), a.checkpoint);
        checkImageSize(saved, splits, a.checkpoint);
        if (a.prompts > splits.test.count) throw new Error(`--prompts must be at most the ${splits.test.count} test captions of ${splits.name}; got ${a.prompts}`);
        const cachePath = join(resolvePath(a.out), 'diffusion', 'classifiers', `${splits.name}-${splits.test.height}px.safetensors`);
        const evaluator = await generationEvaluator(splits, cachePath, { quiet: a.quiet });
        try {
          const real = evaluator.classifierAccuracy;
          console.log(`${saved.header.config.backbone.kind} on ${splits.name}: ${count(a.prompts)} test captions, one image each (${samplingSummary(a)})`);
          console.log(`evaluation classifier ${cachePath}: ${accuracyLine(real.accuracy, real.perAttribute)} on the ${count(splits.test.count)} real test images (the ceiling of prompt accuracy)`);
          const progress = createProgress('sample', a.steps, { quiet: a.quiet });
          const scores = await scoreGenerations(saved.model, evaluator, splits.test.captions.slice(0, a.prompts), { ...sampling, onStep: (done) => progress.update(done.step, {}) });
          progress.stop();
          console.log(`prompt accuracy: ${accuracyLine(scores.promptAccuracy, scores.perAttribute)}`);
          console.log(`Fréchet distance in the evaluation classifier's feature space: ${scores.frechetDistance.toFixed(2)} (${count(a.prompts)} generated against ${count(splits.test.count)} real test images; not FID)`);
          console.log(`${scores.msPerImage.toFixed(1)} ms per image (${info.backend})`);
        } finally {
          evaluator.dispose();
        }
      });
    },
  );
}
