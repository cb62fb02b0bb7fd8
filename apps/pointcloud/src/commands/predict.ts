import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { CLOUD_FILE_EXTENSIONS, importanceShades, loadPointModel, predictCloud, readCloudFile, requireCloudFile, writeCloudPng } from '@hybridssm/pointcloud';
import type { CloudPrediction } from '@hybridssm/pointcloud';
import { integerAtLeast, resolvePath, withBackend, withOut, withSeed, writableFilePath } from '@hybridssm/harness';

/** Per point, its group's importance rank as a shade (PoinTramba), or undefined for one colour. */
function shadesOf(prediction: CloudPrediction): Float32Array | undefined {
  const { groups, importance, sampled } = prediction;
  return groups === undefined || importance === undefined ? undefined : importanceShades(sampled, groups, importance.ranks);
}

/** `predict <file>`: a saved model's top classes for one point cloud file, and a PNG of the cloud it read. */
export function predictCommand(y: Argv): Argv {
  return y.command(
    'predict <file>',
    'classify one .pcd, .ply or .off file with a saved model: the top classes with probabilities, and a PNG of the cloud coloured by PoinTramba\u2019s importance ranks',
    (c) =>
      withOut(withSeed(withBackend(c)))
        .positional('file', { type: 'string', demandOption: true, describe: `a point cloud (${CLOUD_FILE_EXTENSIONS.join(', ')}; OFF meshes are surface-sampled)` })
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'model directory written by train' })
        .option('png', { type: 'string', describe: 'where to write the picture (default <out>/pointcloud/predictions/<file name>.png)' })
        .option('votes', { type: 'number', default: 1, describe: 'test-time votes (randomly scaled and translated copies, logits averaged)' })
        .option('top', { type: 'number', default: 3, describe: 'how many classes to list' })
        .check((a) => {
          requireCloudFile(resolvePath(a.file as string));
          integerAtLeast('votes', a.votes, 1);
          integerAtLeast('top', a.top, 1);
          if (a.png !== undefined) writableFilePath('png', a.png);
          return true;
        })
        .example('$0 predict chair_0890.off --checkpoint results/pointcloud/models/pointramba-modelnet10', 'top-3 classes, and results/pointcloud/predictions/chair_0890.png')
        .example('$0 predict scan.ply --checkpoint results/pointcloud/models/pointramba-modelnet10 --votes 10 --png scan.png', 'with 10 votes, the picture where you want it'),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const file = resolvePath(a.file);
      const { model, header } = await loadPointModel(resolvePath(a.checkpoint));
      try {
        const cloud = readCloudFile(file, { meshPoints: model.config.npoints, seed: a.seed, sampling: model.config });
        const prediction = await predictCloud(model, cloud, header.classes, { votes: a.votes, top: a.top, seed: a.seed });
        console.log(`${file}: ${cloud.count} points, ${prediction.sampled.count} read by ${header.model}`);
        const width = Math.max(...prediction.top.map((c) => c.name.length));
        prediction.top.forEach((c, i) => console.log(`  ${i + 1}. ${c.name.padEnd(width)}  ${(100 * c.probability).toFixed(1).padStart(5)}%`));
        const shades = shadesOf(prediction);
        const best = prediction.top[0] as CloudPrediction['top'][number];
        const png = a.png === undefined ? resolvePath(join(a.out, 'pointcloud', 'predictions', `${basename(file, extname(file))}.png`)) : writableFilePath('png', a.png);
        await writeCloudPng(png, prediction.sampled, {
          ...(shades === undefined ? {} : { shades, legend: { high: 'high importance', low: 'low' } }),
          caption: `${header.model}: ${best.name} ${(100 * best.probability).toFixed(1)}%${shades === undefined ? '' : ' \u00b7 colour: the rank of each point\u2019s group'}`,
        });
        console.log(`wrote ${png}`);
      } finally {
        model.dispose();
      }
    },
  );
}
