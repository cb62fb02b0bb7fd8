#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { BACKEND_NAMES } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import type { Argv } from 'yargs';
import { integerAtLeast, resolvePath, runAppCli, runProbes, selectProbes, withBackend, withQuiet } from '@hybridssm/harness';
import { CORE_PROBES } from './ci/probes.js';
import { DEFAULT_KERNELS_OUT, KERNEL_SHAPES, runKernels } from './commands/kernels.js';
import { runGenerateBench } from './commands/generate.js';
import { runThroughput } from './commands/throughput.js';
import { runTrainBench } from './commands/train.js';
import { checkDModel, integerList, resolvePatterns } from './lm-bench/environment.js';
import { runOursChild } from './lm-bench/ours-child.js';
import type { ChildSpec } from './lm-bench/protocol.js';
import { BENCH_PATTERNS } from './lm/byte-lm.js';
import { DEFAULT_LIMITS } from './throughput/scan-throughput.js';

const PATTERN_NAMES = Object.keys(BENCH_PATTERNS);
const patternsHelp = `layer patterns: ${Object.entries(BENCH_PATTERNS).map(([n, p]) => `${n} (${p})`).join(', ')}, or any pattern string (M Mamba-2, * attention, - MLP), space- or comma-separated`;

/** The options train and generate share (the byte LM, its backend, PyTorch beside it, where results go). */
const withByteLm = <T>(y: Argv<T>) =>
  withQuiet(withBackend(y))
    .option('patterns', { type: 'array', string: true, default: PATTERN_NAMES, describe: patternsHelp })
    .option('d-model', { type: 'number', default: 256, describe: 'model width (the issue-15 model: 256; a multiple of 32)' })
    .option('torch', { type: 'boolean', default: false, describe: 'also run the same models in PyTorch (python/byte_lm.py through /usr/bin/python3.11, env HYBRIDSSM_PYTHON; with an optimised BLAS such as libopenblas0-openmp), interleaved, and print ours/PyTorch' })
    .option('threads', { type: 'number', default: 1, describe: 'PyTorch intra-op threads (ours: tfjs-backend-wasm runs one thread in Node)' })
    .option('out', { type: 'string', default: DEFAULT_KERNELS_OUT, describe: 'output folder' })
    .option('child', { type: 'string', hidden: true, describe: 'internal: run one measurement as a child process (a JSON spec)' })
    .check((a) => integerAtLeast('threads', a.threads, 1) && checkDModel(a['d-model']) && (resolvePatterns(a.patterns), true));

/** `--child`: this process is one side of one measurement (lm-bench/ours-child.ts); it exits when done. */
async function runChild(json: string): Promise<void> {
  await runOursChild(JSON.parse(json) as ChildSpec);
  process.exit(0);
}

await runAppCli({
  name: 'hybridssm-bench',
  description: "Scan throughput, the kernel benchmark, the byte-LM training and generation benchmark, and core's regression probes.",
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
            .check((a) => {
              const bad = (a.backends as string[]).filter((b) => !BACKEND_NAMES.includes(b as BackendName) || b === 'auto');
              if (bad.length > 0) return `--backends: unknown backend ${bad.join(', ')}; choose from tensorflow, webgpu, wasm, cpu`;
              const badShapes = (a.shapes ?? []).filter((i) => !(Number.isInteger(i) && i >= 1 && i <= KERNEL_SHAPES.length));
              return badShapes.length === 0 ? true : `--shapes: expected numbers 1–${KERNEL_SHAPES.length}; got ${badShapes.join(', ')}`;
            })
            .example('$0 kernels --backends wasm webgpu', 'the committed benchmark'),
        (a) => runKernels({ backends: a.backends as BackendName[], out: resolvePath(a.out), timeMs: a.time, quick: a.quick, shapes: a.shapes, referenceMaxUpdates: a.referenceMaxUpdates }),
      )
      .command(
        'train',
        'tokens/s, peak memory and time by op of training the byte LM of each pattern (AdamW updates); write results/bench/train.{json,md}',
        (c) =>
          withByteLm(c)
            .option('batch', { type: 'array', string: true, default: ['8'], describe: 'batch size(s), e.g. 8 or 8,2 (one run per batch)' })
            .option('seq', { type: 'number', default: 512, describe: 'sequence length (bytes)' })
            .option('steps', { type: 'number', default: 3, describe: 'timed updates per pattern and batch (after one warm-up update)' })
            .check((a) => integerAtLeast('seq', a.seq, 1) && integerAtLeast('steps', a.steps, 1) && (integerList('batch', a.batch, 1), true))
            .example('$0 train --torch', 'the three patterns at batch 8 × 512, ours and PyTorch interleaved')
            .example('$0 train --batch 8,2 --steps 2 --patterns hybrid M-M-', 'two batch sizes, a preset and a pattern of your own'),
        (a) =>
          a.child !== undefined
            ? runChild(a.child)
            : runTrainBench({
                patterns: resolvePatterns(a.patterns), batches: integerList('batch', a.batch, 1), seq: a.seq, steps: a.steps, dModel: a.dModel,
                backend: a.backend, torch: a.torch, threads: a.threads, out: resolvePath(a.out), quiet: a.quiet,
              }),
      )
      .command(
        'generate',
        'ms/token of greedy decoding (batch 1) after each context, prefill tokens/s, peak memory, time by op; write results/bench/generate.{json,md,svg,png}',
        (c) =>
          withByteLm(c)
            .option('contexts', { type: 'array', string: true, default: ['1024,8192,32768'], describe: 'context lengths read into the caches before the timed tokens, comma- or space-separated' })
            .option('tokens', { type: 'number', default: 16, describe: 'timed tokens per pattern and context (after two untimed ones)' })
            .check((a) => integerAtLeast('tokens', a.tokens, 1) && (integerList('contexts', a.contexts, 1), true))
            .example('$0 generate --torch', 'the three patterns after 1K, 8K and 32K tokens, ours and PyTorch interleaved')
            .example('$0 generate --contexts 2048 --tokens 8 --patterns mamba2', ''),
        (a) =>
          a.child !== undefined
            ? runChild(a.child)
            : runGenerateBench({
                patterns: resolvePatterns(a.patterns), contexts: integerList('contexts', a.contexts, 1), tokens: a.tokens, dModel: a.dModel,
                backend: a.backend, torch: a.torch, threads: a.threads, out: resolvePath(a.out), quiet: a.quiet,
              }),
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
