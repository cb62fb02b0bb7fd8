import type { Argv } from 'yargs';
import { ARCHITECTURES, LM_PRESETS } from '@hybridssm/lm';
import { benchModels, integerList, rewriteGenerateReport, runGenerateBench, runTrainBench } from '@hybridssm/lm/bench';
import type { BenchModelOptions } from '@hybridssm/lm/bench';
import { integerAtLeast, resolvePath, withBackend, withQuiet } from '@hybridssm/harness';

interface ModelFlags {
  architectures?: string[] | undefined;
  pattern?: string[] | undefined;
  preset: string;
  'tie-embeddings': boolean;
  rope: boolean;
}

const modelOptions = (a: ModelFlags): BenchModelOptions => ({ preset: a.preset, architectures: a.architectures, patterns: a.pattern, tieEmbeddings: a['tie-embeddings'], rope: a.rope });

/** The command line as typed, for the result files (arguments with shell characters quoted). */
const commandLine = (kind: string) =>
  `hybridssm-lm bench ${kind} ${process.argv
    .slice(process.argv.indexOf(kind) + 1)
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ')}`.trim();

/** The options train and generate share: the models, their backend, PyTorch beside them, where results go. */
const withModels = <T>(y: Argv<T>) =>
  withQuiet(withBackend(y))
    .option('architectures', {
      type: 'array',
      string: true,
      describe: `architectures at equal parameters (lmConfig solves each width to the preset hybrid's parameter count): ${ARCHITECTURES.join(', ')}; default all four, or none when --pattern is given`,
    })
    .option('pattern', {
      type: 'array',
      string: true,
      describe: "NAME=PATTERN, repeatable: a layer pattern at the preset's width, not solved (M Mamba-2, m Mamba, * attention, - MLP), e.g. hybrid='M-M*M-M-'",
    })
    .option('preset', { choices: Object.keys(LM_PRESETS), default: 'base', describe: "model size: the hybrid's width and depth (base: issue 15's d_model 256, 8 blocks)" })
    .option('tie-embeddings', { type: 'boolean', default: false, describe: "tie the output head to the embedding (issue 15's models; the paper unties them)" })
    .option('rope', { type: 'boolean', default: true, describe: "RoPE in a pure-attention stack, as lmConfig builds it; --no-rope: none (issue 15's Transformer)" })
    .option('torch', {
      type: 'boolean',
      default: false,
      describe: 'also run the same models in PyTorch (packages/lm/python/lm_bench.py through /usr/bin/python3.11, env HYBRIDSSM_PYTHON; with an optimised BLAS such as libopenblas0-openmp), interleaved, and print ours/PyTorch',
    })
    .option('threads', { type: 'number', default: 1, describe: 'PyTorch intra-op threads (ours: tfjs-backend-wasm runs one thread in Node)' })
    .option('out', { type: 'string', default: 'results/lm', describe: 'output folder' })
    .option('stem', { type: 'string', describe: 'file name without extension (default bench-train, bench-generate)' })
    .check((a) => integerAtLeast('threads', a.threads, 1) && (benchModels(modelOptions(a)), true));

/** `bench train` and `bench generate`: the four architectures at equal parameters, ours beside PyTorch. */
export function benchCommand(y: Argv): Argv {
  return y.command('bench', 'benchmark training (tokens/s) and generation (ms/token after a context) of the architectures at equal parameters, beside PyTorch', (b) =>
    b
      .command(
        'train',
        'tokens/s, peak memory and time by op of AdamW updates on random bytes, each model; write <out>/bench-train.{json,md}',
        (c) =>
          withModels(c)
            .option('batch', { type: 'array', string: true, default: ['8'], describe: 'batch size(s), e.g. 8 or 8,2 (one run per batch)' })
            .option('seq', { type: 'number', default: 512, describe: 'sequence length (bytes)' })
            .option('steps', { type: 'number', default: 3, describe: 'timed updates per model and batch (after one warm-up update)' })
            .check((a) => integerAtLeast('seq', a.seq, 1) && integerAtLeast('steps', a.steps, 1) && (integerList('batch', a.batch, 1), true))
            .example('$0 bench train --torch', 'the four architectures at the base preset, batch 8 × 512, ours and PyTorch interleaved')
            .example(
              "$0 bench train --tie-embeddings --no-rope --pattern transformer='*-*-*-*-' --pattern mamba2=MMMMMMMM --pattern hybrid='M-M*M-M-' --torch --out results/bench --stem train",
              "issue 15's benchmark (results/bench/train.md)",
            ),
        async (a) => {
          await runTrainBench({
            models: benchModels(modelOptions(a)), preset: a.preset, batches: integerList('batch', a.batch, 1), seq: a.seq, steps: a.steps,
            backend: a.backend, torch: a.torch, threads: a.threads, out: resolvePath(a.out), stem: a.stem ?? 'bench-train', quiet: a.quiet, command: commandLine('train'),
          });
        },
      )
      .command(
        'generate',
        'ms/token of greedy decoding (batch 1) after each context, prefill tokens/s, peak memory, time by op, the hybrid\'s speed-up over the Transformer; write <out>/bench-generate.{json,md,svg,png}',
        (c) =>
          withModels(c)
            .option('contexts', { type: 'array', string: true, default: ['1024', '4096', '16384', '65536'], describe: 'context lengths read into the caches before the timed tokens, space- or comma-separated' })
            .option('tokens', { type: 'number', default: 16, describe: 'timed tokens per model and context (after two untimed ones)' })
            .option('prefill-budget', { type: 'number', default: 20, describe: "minutes: skip a side's context whose prefill, extrapolated from the model's shorter contexts, would take longer (the results say so)" })
            .option('from', { type: 'string', describe: "measure nothing: rewrite <out>/<stem>.{json,md,svg,png} from an earlier run's result file (its timed tokens)" })
            .check((a) => {
              integerAtLeast('tokens', a.tokens, 1);
              integerList('contexts', a.contexts, 1);
              if (!(a['prefill-budget'] > 0)) throw new Error(`--prefill-budget must be a positive number of minutes; got ${a['prefill-budget']}`);
              return true;
            })
            .example('$0 bench generate --torch', 'the four architectures after 1K, 4K, 16K and 64K tokens, ours and PyTorch interleaved')
            .example('$0 bench generate --contexts 2048 --tokens 8 --architectures mamba2 mamba2-hybrid', '')
            .example('$0 bench generate --from results/lm/bench-generate.json', 'the report of the last run, rewritten (e.g. after a change to the report)'),
        async (a) => {
          if (a.from !== undefined) {
            await rewriteGenerateReport(resolvePath(a.from), resolvePath(a.out), a.stem ?? 'bench-generate');
            return;
          }
          await runGenerateBench({
            models: benchModels(modelOptions(a)), preset: a.preset, contexts: integerList('contexts', a.contexts, 1), tokens: a.tokens,
            backend: a.backend, torch: a.torch, threads: a.threads, prefillBudgetMinutes: a.prefillBudget,
            out: resolvePath(a.out), stem: a.stem ?? 'bench-generate', quiet: a.quiet, command: commandLine('generate'),
          });
        },
      )
      .demandCommand(1, 'name a benchmark: bench train or bench generate'),
  );
}
