import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, topOps } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import type { BenchModel } from './bench-models.js';
import { describeMachine, describeTorch, formatBytes, torchForBench } from './environment.js';
import { BENCH_LEARNING_RATE } from './ours-child.js';
import { runPair } from './pair-run.js';
import type { SideResult } from './pair-run.js';
import type { TrainSpec } from './protocol.js';
import { describeModels, measuredLine, modelsTable, runtimeLine, torchNote } from './report.js';

export interface TrainBenchArgs {
  models: BenchModel[];
  /** the LM preset the models come from (for the result files) */
  preset: string;
  batches: number[];
  seq: number;
  steps: number;
  backend: BackendName;
  torch: boolean;
  threads: number;
  /** output folder and file stem: <out>/<stem>.{json,md} */
  out: string;
  stem: string;
  quiet: boolean;
  /** the command line, recorded in the result files */
  command: string;
}

type TrainSide = SideResult & { tokensPerSecond: number | null };

export interface TrainRow {
  model: string;
  pattern: string;
  dModel: number;
  batch: number;
  seq: number;
  ours: TrainSide;
  torch?: TrainSide;
  /** ours/PyTorch tokens/s (above 1: ours faster) */
  ratio: number | null;
}

/** batch·seq·updates / their total time; null when a side has no timed update. */
function tokensPerSecond(side: SideResult, batch: number, seq: number): number | null {
  if (side.ms.length === 0) return null;
  return (batch * seq * side.ms.length) / (side.ms.reduce((a, b) => a + b, 0) / 1000);
}

const fmtRate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
const status = (side: TrainSide | undefined, unit = '') =>
  side === undefined
    ? '—'
    : side.aborted === undefined
      ? `${fmtRate(side.tokensPerSecond)}${unit}`
      : side.tokensPerSecond === null
        ? `aborts: ${side.aborted}`
        : `${fmtRate(side.tokensPerSecond)}${unit} (then aborts: ${side.aborted})`;

/**
 * `hybridssm-lm bench train`: each model, one AdamW update per measurement on a random batch
 * [batch, seq]: tokens/s, peak memory and time by op of one update; ours in a child process per model
 * and batch (a wasm abort is that model's result), with `torch` PyTorch interleaved. Writes
 * <out>/<stem>.{json,md}; returns the rows.
 */
export async function runTrainBench(args: TrainBenchArgs): Promise<TrainRow[]> {
  const info = await initBackend(args.backend);
  console.log(info.message);
  const torch = torchForBench(args.torch, args.threads);
  const withTorch = torch !== null;
  const rows: TrainRow[] = [];
  for (const batch of args.batches) {
    for (const { name, config } of args.models) {
      const spec: TrainSpec = { kind: 'train', model: config, batch, seq: args.seq, seed: 0, backend: args.backend, threads: args.threads };
      const label = `${name} (${config.pattern}, d_model ${config.dModel}) batch ${batch}×${args.seq}`;
      if (!args.quiet) console.error(`${label}: building…`);
      const result = await runPair(spec, withTorch, {
        prefill: false,
        warmups: 1,
        measures: args.steps,
        onMeasure: (i, ours, theirs) => {
          if (args.quiet) return;
          const ms = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(0)} ms`);
          console.error(`${label}: update ${i + 1}/${args.steps}  ours ${ms(ours)}${withTorch ? `  torch ${ms(theirs)}` : ''}`);
        },
      });
      const ours = { ...result.ours, tokensPerSecond: tokensPerSecond(result.ours, batch, args.seq) };
      const theirs = result.torch === undefined ? undefined : { ...result.torch, tokensPerSecond: tokensPerSecond(result.torch, batch, args.seq) };
      const ratio = ours.tokensPerSecond !== null && theirs?.tokensPerSecond != null ? ours.tokensPerSecond / theirs.tokensPerSecond : null;
      rows.push({ model: name, pattern: config.pattern, dModel: config.dModel, batch, seq: args.seq, ours, ...(theirs === undefined ? {} : { torch: theirs }), ratio });
      const params = `${ours.parameters ?? '—'} parameters${theirs === undefined ? '' : ` (PyTorch ${theirs.parameters ?? '—'})`}`;
      console.log(
        `${label}: ours ${status(ours, ' tokens/s')}` +
          (theirs === undefined ? '' : `, PyTorch ${status(theirs, ' tokens/s')}, ours/PyTorch ${ratio === null ? '—' : ratio.toFixed(2)}`) +
          `; ${params}; peak wasm heap ${formatBytes(ours.memory?.wasmHeapBytes)}, RSS ${formatBytes(ours.memory?.peakRssBytes)}` +
          (theirs === undefined ? '' : ` (PyTorch RSS ${formatBytes(theirs.memory?.peakRssBytes)})`),
      );
      if (ours.profile !== undefined) console.log(`  ours, one update by op: ${topOps(ours.profile, 5)}`);
      if (theirs?.profile !== undefined) console.log(`  PyTorch, one update by op: ${topOps(theirs.profile, 5)}`);
    }
  }

  const machine = describeMachine();
  mkdirSync(args.out, { recursive: true });
  const json = join(args.out, `${args.stem}.json`);
  const shapes = {
    preset: args.preset,
    models: args.models.map((m) => ({ name: m.name, config: m.config })),
    batches: args.batches,
    seq: args.seq,
    warmupUpdates: 1,
    timedUpdates: args.steps,
    learningRate: BENCH_LEARNING_RATE,
  };
  writeFileSync(
    json,
    `${JSON.stringify({ command: args.command, writtenAt: new Date().toISOString(), machine, backend: info.message, torch, shapes, rows }, null, 2)}\n`,
  );
  const md = join(args.out, `${args.stem}.md`);
  writeFileSync(md, trainMarkdown(rows, { machine, backend: info.message, torch: describeTorch(torch), args }));
  console.log(`wrote ${json}, ${md}`);
  return rows;
}

function trainMarkdown(rows: TrainRow[], ctx: { machine: ReturnType<typeof describeMachine>; backend: string; torch: string | null; args: TrainBenchArgs }): string {
  const { machine, args } = ctx;
  const lines = [
    '# Language-model training benchmark',
    '',
    measuredLine(machine, args.command),
    runtimeLine(ctx.backend, ctx.torch),
    `Models: ${describeModels(args.preset, args.models)}`,
    `AdamW (lr ${BENCH_LEARNING_RATE}, weight decay 0.01 on matrices). Random bytes, ${args.seq}-byte sequences;`,
    `1 warm-up update, then ${args.steps} timed update(s) per model and batch${ctx.torch === null ? '' : ', ours and PyTorch alternating (ours, PyTorch, ours, …)'}.`,
    'Tokens/s = batch × seq × timed updates / their total time; ours/PyTorch: the ratio of the two (above 1: ours faster). Peak memory: tfjs-backend-wasm\'s heap (it never shrinks) and',
    "each process's resident-set high-water mark (getrusage maxrss), one process per model and batch.",
    '',
    ...modelsTable(args.models),
    '',
    `| model | batch × seq | parameters (ours / PyTorch) | ours tokens/s | PyTorch tokens/s | ours/PyTorch | ours peak wasm heap | ours peak RSS | PyTorch peak RSS |`,
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.model} \`${r.pattern}\` | ${r.batch} × ${r.seq} | ${r.ours.parameters ?? '—'} / ${r.torch?.parameters ?? '—'} | ${status(r.ours)} | ${status(r.torch)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${formatBytes(r.ours.memory?.wasmHeapBytes)} | ${formatBytes(r.ours.memory?.peakRssBytes)} | ${formatBytes(r.torch?.memory?.peakRssBytes)} |`,
    ),
    '',
    '## Where one update goes, by op',
    '',
    "Ours: `tf.profile` of one more update, kernel time summed by kernel name (on wasm each kernel is timed with the wall clock;",
    "the rest of the wall time is JavaScript around the kernels and the profiler's own cost). PyTorch: `torch.autograd.profiler`, self CPU time by op.",
    '',
    '| model | batch | side | kernel time / wall time | top ops |',
    '|---|---|---|---:|---|',
    ...rows.flatMap((r) =>
      [['ours', r.ours] as const, ['PyTorch', r.torch] as const]
        .filter(([, side]) => side?.profile !== undefined)
        .map(([who, side]) => {
          const p = side?.profile as NonNullable<SideResult['profile']>;
          const kernel = p.opMs === null ? `${p.kernels} kernels (untimed)` : `${p.opMs.toFixed(0)} / ${p.wallMs.toFixed(0)} ms`;
          return `| ${r.model} | ${r.batch} | ${who} | ${kernel} | ${topOps(p, 6)} |`;
        }),
    ),
    ...torchNote(ctx.torch),
  ];
  return `${lines.join('\n')}\n`;
}
