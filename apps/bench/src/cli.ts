#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { BACKEND_NAMES } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { integerAtLeast, resolvePath, runAppCli, runProbes, selectProbes, withBackend } from '@hybridssm/harness';
import { CORE_PROBES } from './ci/probes.js';
import { runElementwise } from './commands/elementwise.js';
import { DEFAULT_KERNELS_OUT, KERNEL_SHAPES, rewriteKernelReport, runKernels } from './commands/kernels.js';
import { runThroughput } from './commands/throughput.js';
import { DEFAULT_LIMITS } from './throughput/scan-throughput.js';

await runAppCli({
  name: 'hybridssm-bench',
  description: "Scan throughput, the kernel benchmark and core's regression probes (the language-model benchmarks are `hybridssm-lm bench`).",
  argv: hideBin(process.argv),
  commands: (y) =>
    y
      .command(
        'throughput',
        'time every scan implementation available on the chosen backend',
        (c) =>
          withBackend(c)
            .option('time', { type: 'number', default: 400, describe: 'ms budget per measurement' })
            .check((a) => integerAtLeast('time', a.time, 1))
            .example('$0 throughput --backend wasm', ''),
        (a) => runThroughput({ backend: a.backend, timeMs: a.time }),
      )
      .command(
        'kernels',
        'time every scan implementation on the chosen backends at the domain shapes; write results/bench/kernels.{json,md,png}',
        (c) =>
          c
            .option('backends', { type: 'array', string: true, default: ['wasm'], describe: 'backends to measure (cpu, wasm, webgpu, tensorflow)' })
            .option('out', { type: 'string', default: DEFAULT_KERNELS_OUT, describe: 'output folder' })
            .option('time', { type: 'number', default: 400, describe: 'ms budget per measurement' })
            .option('quick', { type: 'boolean', default: false, describe: 'only the first shape (for tests)' })
            .option('shapes', { type: 'array', number: true, describe: `numbers of the shapes to time, 1–${KERNEL_SHAPES.length} as listed in kernels.md (default all)` })
            .option('reference-max-updates', { type: 'number', default: DEFAULT_LIMITS.referenceMaxUpdates, describe: 'state updates per call above which the sequential reference is skipped (above 1e7 it is timed with one call)' })
            .option('from', { type: 'string', describe: 'measure nothing: rewrite kernels.md and the plot beside an earlier run\'s kernels.json' })
            .check((a) => {
              const bad = (a.backends as string[]).filter((b) => !BACKEND_NAMES.includes(b as BackendName) || b === 'auto');
              if (bad.length > 0) return `--backends: unknown backend ${bad.join(', ')}; choose from tensorflow, webgpu, wasm, cpu`;
              const badShapes = (a.shapes ?? []).filter((i) => !(Number.isInteger(i) && i >= 1 && i <= KERNEL_SHAPES.length));
              return badShapes.length === 0 ? true : `--shapes: expected numbers 1–${KERNEL_SHAPES.length}; got ${badShapes.join(', ')}`;
            })
            .example('$0 kernels --backends wasm webgpu', 'the committed benchmark')
            .example('$0 kernels --from results/bench/h200/kernels.json', 'the report of a run on a lent GPU machine, redrawn here'),
        (a) => a.from !== undefined ? rewriteKernelReport(resolvePath(a.from)) : runKernels({ backends: a.backends as BackendName[], out: resolvePath(a.out), timeMs: a.time, quick: a.quick, shapes: a.shapes, referenceMaxUpdates: a.referenceMaxUpdates }),
      )
      .command(
        'elementwise',
        "time tfjs-backend-wasm's Exp, Tanh, Erf and Reverse against ours on wasm; write results/bench/elementwise.{json,md}",
        (c) =>
          c
            .option('out', { type: 'string', default: DEFAULT_KERNELS_OUT, describe: 'output folder' })
            .option('rounds', { type: 'number', default: 15, describe: 'timed calls of each kernel' })
            .check((a) => integerAtLeast('rounds', a.rounds, 1))
            .example('$0 elementwise', 'the committed table'),
        (a) => runElementwise({ out: resolvePath(a.out), rounds: a.rounds }),
      )
      .command(
        'ci',
        "run core's regression probes and compare them with results/baselines/core.json",
        (c) =>
          c
            .option('baselines', { type: 'string', default: 'results/baselines/core.json', describe: 'baseline file' })
            .option('update-baselines', { type: 'boolean', default: false, describe: 'accept the measured values as the new baselines' })
            .option('only', { type: 'string', array: true, describe: 'probe names to run (default all)' })
            .check((a) => (selectProbes(CORE_PROBES, a.only), true))
            .example('$0 ci --only selectiveScan.kernel-speedup', ''),
        async (a) => {
          process.exitCode = await runProbes({ probes: CORE_PROBES, baselines: resolvePath(a.baselines), update: a.updateBaselines, ...(a.only === undefined ? {} : { only: a.only }) });
        },
      ),
});
