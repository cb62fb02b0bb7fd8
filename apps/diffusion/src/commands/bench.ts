import { join } from 'node:path';
import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { RESOLUTION_BENCH_DEFAULTS, parseImageSides, runResolutionBench, writeResolutionBench } from '@hybridssm/diffusion';
import { integerAtLeast, resolvePath, withBackend, withOut } from '@hybridssm/harness';

/** The command line as typed, for the result files (arguments with shell characters quoted). */
const commandLine = () =>
  `hybridssm-diffusion bench resolution ${process.argv
    .slice(process.argv.indexOf('resolution') + 1)
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ')}`.trim();

/** `bench resolution`: sampling time per image against resolution for the three backbones at equal parameters. */
export function benchCommand(y: Argv): Argv {
  return y.command('bench', 'benchmark sampling time against resolution for dimba, dit and dim', (b) =>
    b
      .command(
        'resolution',
        'ms per guided denoiser evaluation and per image (50-step DDIM, derived) at each image side, the three backbones at the small Dimba\'s parameter count, ' +
          'plus one timed 16-image 28×28 DDIM grid of the small Dimba; write <out>/diffusion/bench-resolution.{json,md,svg,png}',
        (c) =>
          withOut(withBackend(c))
            .option('sizes', {
              type: 'string',
              default: RESOLUTION_BENCH_DEFAULTS.sizes.join(','),
              describe: `image sides in pixels, comma-separated, multiples of the patch size ${RESOLUTION_BENCH_DEFAULTS.patch}`,
            })
            .option('repeats', { type: 'number', default: RESOLUTION_BENCH_DEFAULTS.repeats, describe: 'timed evaluations per backbone and size after one warm-up (the median is reported)' })
            .option('batch', {
              type: 'number',
              default: RESOLUTION_BENCH_DEFAULTS.batch,
              describe: 'images per guided batch (the backbone sees twice as many: with and without the caption), reduced at a size where the attention scores would not fit in memory',
            })
            .option('grid', { type: 'boolean', default: true, describe: 'also time the end-to-end 16-image 28×28 grid (--no-grid skips it)' })
            .check((a) => integerAtLeast('repeats', a.repeats, 1) && integerAtLeast('batch', a.batch, 1) && (parseImageSides('sizes', a.sizes), true))
            .example('$0 bench resolution', '16 to 256 px (16 to 4,096 patches: the DiT/DiM crossover of the small preset is in range), then the 28×28 grid')
            .example('$0 bench resolution --sizes 16,32,64 --repeats 3 --no-grid', 'a quick look at small sizes'),
        async (a) => {
          const info = await initBackend(a.backend);
          console.log(info.message);
          const result = await runResolutionBench({
            backend: info,
            sizes: parseImageSides('sizes', a.sizes),
            repeats: a.repeats,
            batch: a.batch,
            grid: a.grid,
            command: commandLine(),
            onProgress: (line) => console.log(line),
          });
          for (const file of await writeResolutionBench(result, join(resolvePath(a.out), 'diffusion'))) console.log(`wrote ${file}`);
        },
      )
      .demandCommand(1, 'choose a benchmark: resolution'),
  );
}
