import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { POINT_MODEL_NAMES, POINT_MODEL_SMALL, profileTrainingUpdate, runGeometryBench, writeGeometryBench, writeUpdateProfile } from '@hybridssm/pointcloud';
import type { PointModelName } from '@hybridssm/pointcloud';
import { integerAtLeast, resolvePath, withBackend } from '@hybridssm/harness';

/** `bench geometry`: the FPS and kNN kernels against tfjs formulations; `bench update`: one training update profiled by op. */
export function benchCommand(y: Argv): Argv {
  return y.command('bench', 'benchmark the geometry kernels and profile a training update', (b) =>
    b
      .command(
        'geometry',
        'farthest point sampling and kNN grouping: our kernels against the tfjs formulations (distance matrix + topk), interleaved in one run, and ours alone on 100,000-point clouds; write <out>/bench-geometry.{json,md}',
        (c) =>
          withBackend(c)
            .option('quick', { type: 'boolean', default: false, describe: 'fewer repetitions' })
            .option('out', { type: 'string', default: 'results/pointcloud', describe: 'output folder' })
            .example('$0 bench geometry', 'the issue\'s shapes: FPS 1,024 of 8,192 points, kNN 256 × 16 of 1,024 and of 8,192'),
        async (a) => {
          const info = await initBackend(a.backend);
          console.log(info.message);
          const result = runGeometryBench({ quick: a.quick });
          for (const row of result.rows) {
            console.log(`${row.operation}, ${row.shape}: ours ${row.oursMs.toFixed(2)} ms, tfjs ${row.tfjsMs === null ? '—' : `${row.tfjsMs.toFixed(1)} ms`}${row.speedup === null ? '' : ` (${row.speedup.toFixed(1)}×)`}`);
          }
          for (const file of writeGeometryBench(result, resolvePath(a.out))) console.log(`wrote ${file}`);
        },
      )
      .command(
        'update',
        'time one training update of a small model (grouping, forward, backward, AdamW) and profile it by tfjs kernel; write <out>/profile-update.{json,md}',
        (c) =>
          withBackend(c)
            .option('model', { choices: POINT_MODEL_NAMES, default: 'pointramba' as PointModelName, describe: 'the model, at its small configuration (the small tables\')' })
            .option('batch', { type: 'number', default: 32, describe: 'clouds per update' })
            .option('updates', { type: 'number', default: 3, describe: 'timed updates after a warm-up (the median is reported)' })
            .option('out', { type: 'string', default: 'results/pointcloud', describe: 'output folder' })
            .check((a) => integerAtLeast('batch', a.batch, 1) && integerAtLeast('updates', a.updates, 1))
            .example('$0 bench update --model pointramba --batch 32', "the issue's profile: small PoinTramba, 32 clouds of 1,024 points"),
        async (a) => {
          const info = await initBackend(a.backend);
          console.log(info.message);
          const result = await profileTrainingUpdate({ model: a.model, config: POINT_MODEL_SMALL[a.model], batch: a.batch, updates: a.updates }, info);
          console.log(`${a.model}: ${result.parameters.toLocaleString('en-US')} parameters, batch ${a.batch} × ${result.npoints} points: ${result.updateMs.toFixed(0)} ms an update`);
          for (const file of writeUpdateProfile(result, resolvePath(a.out))) console.log(`wrote ${file}`);
        },
      )
      .demandCommand(1, 'choose a benchmark: geometry or update'),
  );
}
