import type { Argv } from 'yargs';
import { createProgress, initBackend } from '@hybridssm/core';
import { confusionMarkdown, evaluatePointModel, loadPointModel, loadSplits } from '@hybridssm/pointcloud';
import { integerAtLeast, resolvePath, withBackend, withDataDir, withQuiet, withSeed } from '@hybridssm/harness';

/** `eval`: a saved model's overall and mean class accuracy on its dataset's test split, and the confusion matrix. */
export function evaluateCommand(y: Argv): Argv {
  return y.command(
    'eval',
    "evaluate a saved model on its dataset's test split: OA, mAcc and the confusion matrix (with test-time votes)",
    (c) =>
      withDataDir(withSeed(withQuiet(withBackend(c))))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'model directory written by train' })
        .option('votes', { type: 'number', default: 10, describe: 'test-time votes: the plain clouds, then randomly scaled and translated copies, logits averaged (Point-BERT: 10)' })
        .option('batch', { type: 'number', default: 32, describe: 'clouds per forward pass' })
        .check((a) => integerAtLeast('votes', a.votes, 1) && integerAtLeast('batch', a.batch, 1))
        .example('$0 eval --checkpoint results/pointcloud/models/pointramba-modelnet10 --data-dir ../shared/datasets', 'OA with 10 votes, mAcc and the confusion matrix')
        .example('$0 eval --checkpoint results/pointcloud/models/pointnet-synthetic --votes 1', 'one pass'),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const { model, header } = await loadPointModel(resolvePath(a.checkpoint));
      try {
        const splits = await loadSplits(header.data, resolvePath(a.dataDir));
        if (splits.classes.join('\n') !== header.classes.join('\n')) {
          throw new Error(`${a.checkpoint} was trained on the classes ${header.classes.join(', ')}; the ${header.data.dataset} data found now has ${splits.classes.join(', ')}`);
        }
        const progress = createProgress('eval', a.votes * Math.ceil(splits.test.length / a.batch), { quiet: a.quiet });
        const metrics = await evaluatePointModel(model, splits.test, {
          numClasses: header.classes.length,
          votes: a.votes,
          batch: a.batch,
          seed: a.seed,
          onProgress: (done) => progress.update(done, {}),
        });
        progress.stop();
        console.log(`${header.model} on ${header.data.dataset} test (${metrics.count} clouds, ${a.votes} vote${a.votes === 1 ? '' : 's'}): OA ${metrics.overallAccuracy.toFixed(2)}%, mAcc ${metrics.meanClassAccuracy.toFixed(2)}%`);
        console.log(`\n${confusionMarkdown(metrics, header.classes)}`);
      } finally {
        model.dispose();
      }
    },
  );
}
