import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { writePlot } from '@hybridssm/harness';
import type { LineSeries } from '@hybridssm/harness';
import { benchModel, describeMachine, describeTorch, formatBytes, torchForBench } from '../lm-bench/environment.js';
import type { NamedPattern } from '../lm-bench/environment.js';
import { median, runPair, topOps } from '../lm-bench/pair-run.js';
import type { SideResult } from '../lm-bench/pair-run.js';
import type { GenerateSpec } from '../lm-bench/protocol.js';
import { describeModel, runtimeLine, torchNote } from './lm-report.js';

/** Positions per parallel prefill pass (attention scores of a 256-token chunk against a 32K cache: 128 MiB per head group). */
export const PREFILL_CHUNK = 256;
/** Untimed tokens after the prefill, before the timed ones. */
const WARMUP_TOKENS = 2;

export interface GenerateArgs {
  patterns: NamedPattern[];
  contexts: number[];
  tokens: number;
  dModel: number;
  backend: BackendName;
  torch: boolean;
  threads: number;
  out: string;
  quiet: boolean;
}

type GenerateSide = SideResult & { msPerToken: number | null; prefillTokensPerSecond: number | null };

export interface GenerateRow {
  pattern: string;
  layers: string;
  context: number;
  tokens: number;
  ours: GenerateSide;
  torch?: GenerateSide;
  /** ours/PyTorch ms per token (below 1: ours faster) */
  ratio: number | null;
}

function summarise(side: SideResult, context: number): GenerateSide {
  return {
    ...side,
    msPerToken: side.ms.length === 0 ? null : median(side.ms),
    prefillTokensPerSecond: side.prefillMs === undefined ? null : context / (side.prefillMs / 1000),
  };
}

const fmtMs = (side: GenerateSide | undefined, unit = '') =>
  side === undefined
    ? '—'
    : side.msPerToken === null
      ? side.aborted === undefined ? '—' : `aborts: ${side.aborted}`
      : `${side.msPerToken.toFixed(1)}${unit}${side.aborted === undefined ? '' : ` (then aborts: ${side.aborted})`}`;
const fmtRate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));

/**
 * `hybridssm-bench generate`: batch 1, for each pattern and context: the context read into the caches
 * (chunked parallel prefill), then `tokens` timed greedy decode steps through `step`: ms/token (median),
 * prefill tokens/s, peak memory, time by op of one decode step; ours in a child process per pattern and
 * context, with `--torch` PyTorch interleaved token by token. Writes <out>/generate.{json,md,svg,png}.
 */
export async function runGenerateBench(args: GenerateArgs): Promise<void> {
  const info = await initBackend(args.backend);
  console.log(info.message);
  const torch = torchForBench(args.torch, args.threads);
  const withTorch = torch !== null;
  const rows: GenerateRow[] = [];
  for (const { name, pattern } of args.patterns) {
    for (const context of args.contexts) {
      const spec: GenerateSpec = { kind: 'generate', model: benchModel(pattern, args.dModel), context, prefillChunk: PREFILL_CHUNK, seed: 0, backend: args.backend, threads: args.threads };
      const label = `${name} (${pattern}) context ${context}`;
      if (!args.quiet) console.error(`${label}: building and prefilling…`);
      const result = await runPair(spec, withTorch, {
        prefill: true,
        warmups: WARMUP_TOKENS,
        measures: args.tokens,
        onMeasure: (i, ours, theirs) => {
          if (args.quiet || (i + 1) % 4 !== 0) return;
          const ms = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
          console.error(`${label}: token ${i + 1}/${args.tokens}  ours ${ms(ours)}${withTorch ? `  torch ${ms(theirs)}` : ''}`);
        },
      });
      const ours = summarise(result.ours, context);
      const theirs = result.torch === undefined ? undefined : summarise(result.torch, context);
      const ratio = ours.msPerToken !== null && theirs?.msPerToken != null ? ours.msPerToken / theirs.msPerToken : null;
      rows.push({ pattern: name, layers: pattern, context, tokens: args.tokens, ours, ...(theirs === undefined ? {} : { torch: theirs }), ratio });
      console.log(
        `${label}: ours ${fmtMs(ours, ' ms/token')} (prefill ${fmtRate(ours.prefillTokensPerSecond)} tokens/s)` +
          (theirs === undefined ? '' : `, PyTorch ${fmtMs(theirs, ' ms/token')} (prefill ${fmtRate(theirs.prefillTokensPerSecond)} tokens/s), ours/PyTorch ${ratio === null ? '—' : ratio.toFixed(2)}`) +
          `; peak wasm heap ${formatBytes(ours.memory?.wasmHeapBytes)}, RSS ${formatBytes(ours.memory?.peakRssBytes)}` +
          (theirs === undefined ? '' : ` (PyTorch RSS ${formatBytes(theirs.memory?.peakRssBytes)})`),
      );
      if (ours.profile !== undefined) console.log(`  ours, one decode step by op: ${topOps(ours.profile, 4)}`);
    }
  }

  const machine = describeMachine();
  mkdirSync(args.out, { recursive: true });
  const shapes = { model: describeModel(args.dModel), batch: 1, contexts: args.contexts, prefillChunk: PREFILL_CHUNK, warmupTokens: WARMUP_TOKENS, timedTokens: args.tokens };
  const json = join(args.out, 'generate.json');
  writeFileSync(json, `${JSON.stringify({ command: 'generate', writtenAt: new Date().toISOString(), machine, backend: info.message, torch, shapes, rows }, null, 2)}\n`);
  const md = join(args.out, 'generate.md');
  writeFileSync(md, generateMarkdown(rows, { machine, backend: info.message, torch: describeTorch(torch), args }));
  const written = [json, md];
  const series: LineSeries[] = [];
  for (const { name } of args.patterns) {
    for (const [who, pick, dashed] of [['ours', (r: GenerateRow) => r.ours, false], ['PyTorch', (r: GenerateRow) => r.torch, true]] as const) {
      const points = rows
        .filter((r) => r.pattern === name && pick(r)?.msPerToken != null)
        .map((r) => ({ x: r.context, y: pick(r)?.msPerToken as number }));
      if (points.length > 0) series.push({ name: `${name} ${who}`, points, dashed });
    }
  }
  if (series.length > 0) {
    const plot = await writePlot({ title: 'Decode latency after a context (batch 1)', xLabel: 'context (tokens)', yLabel: 'ms per token', logY: true, series }, join(args.out, 'generate'));
    written.push(plot.svg, plot.png);
  }
  console.log(`wrote ${written.join(', ')}`);
}

function generateMarkdown(rows: GenerateRow[], ctx: { machine: ReturnType<typeof describeMachine>; backend: string; torch: string | null; args: GenerateArgs }): string {
  const { machine, args } = ctx;
  const lines = [
    '# Byte-LM generation benchmark',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores (${machine.memoryGiB} GiB), by \`hybridssm-bench generate\`.`,
    runtimeLine(ctx.backend, ctx.torch),
    `Model: ${describeModel(args.dModel)}. Batch 1: after an untimed one-chunk warm-up, a random context is read into the caches ${PREFILL_CHUNK} tokens at a time`,
    `(parallel prefill: the chunk attends to the KV cache; Mamba-2 runs the SSD scan from the cached state), then ${WARMUP_TOKENS} untimed and`,
    `${args.tokens} timed greedy tokens through the recurrent step (logits → argmax read back)${ctx.torch === null ? '' : ', ours and PyTorch alternating token by token'}.`,
    'ms/token: median of the timed tokens. Peak memory: the wasm heap (never shrinks) and each process\'s resident-set high-water mark',
    '(getrusage maxrss), one process per pattern and context.',
    '',
    '| pattern | context | ours ms/token | PyTorch ms/token | ours/PyTorch | ours prefill tokens/s | PyTorch prefill tokens/s | ours peak wasm heap | ours peak RSS | PyTorch peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.pattern} \`${r.layers}\` | ${r.context} | ${fmtMs(r.ours)} | ${fmtMs(r.torch)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${fmtRate(r.ours.prefillTokensPerSecond)} | ${fmtRate(r.torch?.prefillTokensPerSecond)} | ${formatBytes(r.ours.memory?.wasmHeapBytes)} | ${formatBytes(r.ours.memory?.peakRssBytes)} | ${formatBytes(r.torch?.memory?.peakRssBytes)} |`,
    ),
    '',
    '![ms per token against context](generate.png)',
    '',
    '## Where one decode step goes, by op',
    '',
    "Ours: `tf.profile` of one more step (on wasm each kernel timed with the wall clock; the rest of the wall time is JavaScript",
    "around the kernels and the profiler's own cost). PyTorch: `torch.autograd.profiler`, self CPU time by op.",
    '',
    '| pattern | context | side | kernel time / wall time | kernels | top ops |',
    '|---|---:|---|---:|---:|---|',
    ...rows.flatMap((r) =>
      [['ours', r.ours] as const, ['PyTorch', r.torch] as const]
        .filter(([, side]) => side?.profile !== undefined)
        .map(([who, side]) => {
          const p = side?.profile as NonNullable<SideResult['profile']>;
          const time = p.opMs === null ? 'untimed' : `${p.opMs.toFixed(1)} / ${p.wallMs.toFixed(1)} ms`;
          return `| ${r.pattern} | ${r.context} | ${who} | ${time} | ${p.kernels} | ${topOps(p, 5)} |`;
        }),
    ),
    ...torchNote(ctx.torch),
  ];
  return `${lines.join('\n')}\n`;
}
