#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BACKEND_NAMES, initBackend } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { DEFAULT_BASELINES, runCi } from './commands/ci.js';
import { DEFAULT_KERNELS_OUT, KERNEL_SHAPES, runKernels } from './commands/kernels.js';
import { DEMO_SHAPES, runDemo } from './commands/demo.js';
import { DEFAULT_RECALL_DEMO } from './demo/train-recall.js';
import { DEFAULT_LIMITS, formatThroughputTable, measureScanThroughput } from './throughput/scan-throughput.js';

function exitWithLine(message: string): never {
  console.error(`hybridssm-bench: ${message.replace(/\s*\n\s*/g, ' ').trim()}`);
  process.exit(1);
}

await yargs(hideBin(process.argv))
  .scriptName('hybridssm-bench')
  .usage('$0 <command> [options]')
  .option('backend', { choices: BACKEND_NAMES, default: 'auto' as BackendName, describe: 'tfjs backend' })
  .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
  .command(
    'demo',
    'train a tiny hybrid stack on associative recall, generate with it, then time the scan ops',
    (y) =>
      y
        .option('seed', { type: 'number', default: 0 })
        .option('steps', { type: 'number', default: DEFAULT_RECALL_DEMO.steps, describe: 'AdamW steps' })
        .check((a) => (Number.isInteger(a.steps) && a.steps >= 1 ? true : `--steps must be a positive integer; got ${a.steps}`)),
    (a) => runDemo({ backend: a.backend, seed: a.seed, steps: a.steps, quiet: a.quiet }),
  )
  .command(
    'throughput',
    'time every scan implementation available on the chosen backend',
    (y) => y.option('time', { type: 'number', default: 400, describe: 'ms budget per measurement' }),
    async (a) => {
      const info = await initBackend(a.backend);
      console.log(info.message);
      const rows = await measureScanThroughput(DEMO_SHAPES, ['forward', 'forward+backward'], a.time);
      console.log(formatThroughputTable(rows));
    },
  )
  .command(
    'kernels',
    'time every scan implementation on the chosen backends at the domain shapes; write results/bench/kernels.{json,md,png}',
    (y) =>
      y
        .option('backends', { type: 'array', string: true, default: ['wasm'], describe: 'backends to measure (cpu, wasm, webgpu, tensorflow)' })
        .option('out', { type: 'string', default: DEFAULT_KERNELS_OUT, describe: 'output folder' })
        .option('time', { type: 'number', default: 400, describe: 'ms budget per measurement' })
        .option('quick', { type: 'boolean', default: false, describe: 'only the first shape (for tests)' })
        .option('shapes', { type: 'array', number: true, describe: `numbers of the shapes to time, 1–${KERNEL_SHAPES.length} as listed in kernels.md (default all)` })
        .option('reference-max-updates', { type: 'number', default: DEFAULT_LIMITS.referenceMaxUpdates, describe: 'state updates per call above which the sequential reference is skipped (above 1e7 it is timed with one call)' })
        .check((a) => {
          const bad = (a.backends as string[]).filter((b) => !BACKEND_NAMES.includes(b as BackendName) || b === 'auto');
          if (bad.length > 0) return `--backends: unknown backend ${bad.join(', ')}; choose from tensorflow, webgpu, wasm, cpu`;
          const badShapes = (a.shapes ?? []).filter((i) => !(Number.isInteger(i) && i >= 1 && i <= KERNEL_SHAPES.length));
          return badShapes.length === 0 ? true : `--shapes: expected numbers 1–${KERNEL_SHAPES.length}; got ${badShapes.join(', ')}`;
        }),
    (a) => runKernels({ backends: a.backends as BackendName[], out: a.out, timeMs: a.time, quick: a.quick, shapes: a.shapes, referenceMaxUpdates: a.referenceMaxUpdates }),
  )
  .command(
    'ci',
    'run the regression probes and compare them with the committed baselines',
    (y) =>
      y
        .option('baselines', { type: 'string', default: DEFAULT_BASELINES, describe: 'baselines JSON file' })
        .option('update-baselines', { type: 'boolean', default: false, describe: 'accept the measured values as new baselines' })
        .option('only', { type: 'array', string: true, describe: 'probe names to run' }),
    async (a) => {
      process.exitCode = await runCi({ baselines: a.baselines, updateBaselines: a.updateBaselines, only: a.only });
    },
  )
  .demandCommand(1, 'name a command: demo, throughput or ci')
  .strict()
  .fail((message, error) => exitWithLine(message ?? error?.message ?? 'failed'))
  .help()
  .parseAsync();
