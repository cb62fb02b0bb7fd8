import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, initBackend, topOps } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { writePlot } from '@hybridssm/harness';
import type { LineSeries } from '@hybridssm/harness';
import { HYBRID_NAMES, TRANSFORMER_NAME } from './bench-models.js';
import type { BenchModel } from './bench-models.js';
import { describeMachine, describeTorch, formatBytes, torchForBench } from './environment.js';
import type { Machine, TorchInfo } from './environment.js';
import { median, runPair } from './pair-run.js';
import type { SideResult } from './pair-run.js';
import type { GenerateSpec } from './protocol.js';
import { describeModels, measuredLine, modelsTable, runtimeLine, torchNote } from './report.js';

/** Positions per parallel prefill pass (attention scores of a 256-token chunk against a 64K cache: 256 MiB over 4 heads). */
export const PREFILL_CHUNK = 256;
/** Untimed tokens after the prefill, before the timed ones. */
const WARMUP_TOKENS = 2;

export interface GenerateBenchArgs {
  models: BenchModel[];
  /** the LM preset the models come from (for the result files) */
  preset: string;
  contexts: number[];
  tokens: number;
  backend: BackendName;
  torch: boolean;
  threads: number;
  /**
   * minutes: a side whose prefill of a context, extrapolated from the model's shorter contexts, would
   * take longer is not run at that context (its row says why); PyTorch alone may be skipped
   */
  prefillBudgetMinutes: number;
  /** output folder and file stem: <out>/<stem>.{json,md,svg,png} */
  out: string;
  stem: string;
  quiet: boolean;
  /** the command line, recorded in the result files */
  command: string;
}

/**
 * One side's numbers: ms/token is the median of the timed tokens; the fastest token is also kept: on a
 * shared machine a row's tokens can step up together for a while (another job, the host), which moves
 * a median of 16 but not the minimum, so the speed-ups are given by both.
 */
export type GenerateSide = SideResult & { msPerToken: number | null; bestMsPerToken: number | null; prefillTokensPerSecond: number | null };

export interface GenerateRow {
  model: string;
  pattern: string;
  dModel: number;
  context: number;
  tokens: number;
  ours: GenerateSide;
  torch?: GenerateSide;
  /** ours/PyTorch ms per token (below 1: ours faster) */
  ratio: number | null;
}

/** One side's hybrid against Transformer at one context: median ms/token of each, transformer/hybrid (above 1: the hybrid faster), and the same of the fastest tokens. */
export interface SpeedupSide {
  transformer: number | null;
  hybrid: number | null;
  speedup: number | null;
  bestSpeedup: number | null;
}

export interface SpeedupRow {
  context: number;
  ours: SpeedupSide;
  torch: SpeedupSide;
}

export function summarise(side: SideResult, context: number): GenerateSide {
  return {
    ...side,
    msPerToken: side.ms.length === 0 ? null : median(side.ms),
    bestMsPerToken: side.ms.length === 0 ? null : Math.min(...side.ms),
    prefillTokensPerSecond: side.prefillMs === undefined ? null : context / (side.prefillMs / 1000),
  };
}

const skippedSide = (reason: string): GenerateSide => ({ ms: [], skipped: reason, msPerToken: null, bestMsPerToken: null, prefillTokensPerSecond: null });

/**
 * The prefill time at `context` extrapolated from the same side's prefills of shorter contexts: a power
 * law through the last two (exponent clamped to [1, 2]: linear for Mamba, up to quadratic with attention),
 * or from one point linearly (quadratically when the model has attention); undefined with none.
 */
export function predictPrefillMs(points: ReadonlyArray<{ context: number; ms: number }>, context: number, attention: boolean): number | undefined {
  const known = points.filter((p) => p.context < context && p.ms > 0).sort((a, b) => a.context - b.context);
  const last = known.at(-1);
  if (last === undefined) return undefined;
  const before = known.at(-2);
  const exponent =
    before === undefined || before.context === last.context
      ? attention ? 2 : 1
      : Math.min(2, Math.max(1, Math.log(last.ms / before.ms) / Math.log(last.context / before.context)));
  return last.ms * (context / last.context) ** exponent;
}

const fmtMinutes = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(0)} s`);
const fmtMs = (side: GenerateSide | undefined, unit = '') =>
  side === undefined
    ? '—'
    : side.skipped !== undefined
      ? `skipped: ${side.skipped}`
      : side.msPerToken === null
        ? side.aborted === undefined ? '—' : `aborts: ${side.aborted}`
        : `${side.msPerToken.toFixed(1)}${unit}${side.bestMsPerToken === null ? '' : ` (${side.bestMsPerToken.toFixed(1)})`}${side.aborted === undefined ? '' : ` (then aborts: ${side.aborted})`}`;
const fmtRate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
const fmtX = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}×`);
const fmtMsValue = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The hybrid's speed-up over the Transformer at each context both were measured at (null where one is missing). */
export function hybridSpeedups(rows: readonly GenerateRow[], contexts: readonly number[]): SpeedupRow[] | undefined {
  const hybridName = HYBRID_NAMES.find((n) => rows.some((r) => r.model === n));
  if (hybridName === undefined || !rows.some((r) => r.model === TRANSFORMER_NAME)) return undefined;
  const at = (name: string, context: number) => rows.find((r) => r.model === name && r.context === context);
  const ratio = (t: number | null | undefined, h: number | null | undefined) => (t != null && h != null ? t / h : null);
  const pair = (t: GenerateSide | undefined, h: GenerateSide | undefined): SpeedupSide => ({
    transformer: t?.msPerToken ?? null,
    hybrid: h?.msPerToken ?? null,
    speedup: ratio(t?.msPerToken, h?.msPerToken),
    bestSpeedup: ratio(t?.bestMsPerToken, h?.bestMsPerToken),
  });
  return contexts.map((context) => {
    const t = at(TRANSFORMER_NAME, context);
    const h = at(hybridName, context);
    return { context, ours: pair(t?.ours, h?.ours), torch: pair(t?.torch, h?.torch) };
  });
}

/** The smallest measured context at which the hybrid is faster per token than the Transformer, or null. */
export function crossover(speedups: readonly SpeedupRow[], side: 'ours' | 'torch'): number | null {
  return speedups.find((s) => (s[side].speedup ?? 0) > 1)?.context ?? null;
}

function describeCrossover(speedups: readonly SpeedupRow[], side: 'ours' | 'torch'): string {
  const measured = speedups.filter((s) => s[side].speedup !== null);
  if (measured.length === 0) return 'not measured';
  const c = crossover(measured, side);
  if (c === null) return `none: the Transformer is faster per token at every measured context (up to ${measured.at(-1)?.context})`;
  if (c === measured[0]?.context) return `at or below ${c} tokens (the hybrid is already faster at the smallest measured context)`;
  const below = measured[measured.findIndex((s) => s.context === c) - 1]?.context;
  return `${c} tokens (the Transformer is faster at ${below}, the hybrid from ${c})`;
}

/**
 * `hybridssm-lm bench generate`: batch 1, for each model and context: the context read into the caches
 * (chunked parallel prefill), then `tokens` timed greedy decode steps through `step`: ms/token (median),
 * prefill tokens/s, peak memory, time by op of one decode step; ours in a child process per model and
 * context, with `torch` PyTorch interleaved token by token. A context whose prefill would outlast the
 * budget is skipped with its reason. Writes <out>/<stem>.{json,md,svg,png}; returns the rows.
 */
export async function runGenerateBench(args: GenerateBenchArgs): Promise<GenerateRow[]> {
  const info = await initBackend(args.backend);
  console.log(info.message);
  const torch = torchForBench(args.torch, args.threads);
  const withTorch = torch !== null;
  const contexts = [...new Set(args.contexts)].sort((a, b) => a - b);
  const budgetMs = args.prefillBudgetMinutes * 60_000;
  const rows: GenerateRow[] = [];
  for (const { name, config } of args.models) {
    const attention = config.pattern.includes('*');
    const prefills: Record<'ours' | 'torch', Array<{ context: number; ms: number }>> = { ours: [], torch: [] };
    for (const context of contexts) {
      const label = `${name} (${config.pattern}) context ${context}`;
      const row: GenerateRow = { model: name, pattern: config.pattern, dModel: config.dModel, context, tokens: args.tokens, ours: skippedSide(''), ratio: null };
      const predicted = { ours: predictPrefillMs(prefills.ours, context, attention), torch: predictPrefillMs(prefills.torch, context, attention) };
      const tooLong = (ms: number | undefined) => ms !== undefined && ms > budgetMs;
      const reason = (ms: number) => `prefill would take ~${fmtMinutes(ms)} (over the ${args.prefillBudgetMinutes}-min budget)`;
      if (tooLong(predicted.ours)) {
        row.ours = skippedSide(reason(predicted.ours as number));
        if (withTorch) row.torch = skippedSide('ours skipped');
        rows.push(row);
        console.log(`${label}: skipped, ours ${row.ours.skipped}`);
        continue;
      }
      const torchHere = withTorch && !tooLong(predicted.torch);
      if (!args.quiet) console.error(`${label}: building and prefilling…`);
      const result = await runPair(
        { kind: 'generate', model: config, context, maxLen: context + WARMUP_TOKENS + args.tokens + 8, prefillChunk: PREFILL_CHUNK, seed: 0, backend: args.backend, threads: args.threads } satisfies GenerateSpec,
        torchHere,
        {
          prefill: true,
          warmups: WARMUP_TOKENS,
          measures: args.tokens,
          onMeasure: (i, ours, theirs) => {
            if (args.quiet || (i + 1) % 4 !== 0) return;
            const ms = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
            console.error(`${label}: token ${i + 1}/${args.tokens}  ours ${ms(ours)}${torchHere ? `  torch ${ms(theirs)}` : ''}`);
          },
        },
      );
      row.ours = summarise(result.ours, context);
      if (result.torch !== undefined) row.torch = summarise(result.torch, context);
      else if (withTorch) row.torch = skippedSide(reason(predicted.torch as number));
      for (const side of ['ours', 'torch'] as const) {
        const ms = row[side]?.prefillMs;
        if (ms !== undefined) prefills[side].push({ context, ms });
      }
      const theirs = row.torch;
      row.ratio = row.ours.msPerToken !== null && theirs?.msPerToken != null ? row.ours.msPerToken / theirs.msPerToken : null;
      rows.push(row);
      console.log(
        `${label}: ours ${fmtMs(row.ours, ' ms/token')} (prefill ${fmtRate(row.ours.prefillTokensPerSecond)} tokens/s)` +
          (theirs === undefined ? '' : `, PyTorch ${fmtMs(theirs, ' ms/token')} (prefill ${fmtRate(theirs.prefillTokensPerSecond)} tokens/s), ours/PyTorch ${row.ratio === null ? '—' : row.ratio.toFixed(2)}`) +
          `; peak wasm heap ${formatBytes(row.ours.memory?.wasmHeapBytes)}, RSS ${formatBytes(row.ours.memory?.peakRssBytes)}` +
          (theirs === undefined ? '' : ` (PyTorch RSS ${formatBytes(theirs.memory?.peakRssBytes)})`),
      );
      if (row.ours.profile !== undefined) console.log(`  ours, one decode step by op: ${topOps(row.ours.profile, 4)}`);
    }
  }

  const report: GenerateReport = {
    command: args.command,
    writtenAt: new Date().toISOString(),
    machine: describeMachine(),
    backend: info.message,
    torch,
    shapes: {
      preset: args.preset,
      models: args.models.map((m) => ({ name: m.name, config: m.config })),
      batch: 1,
      contexts,
      prefillChunk: PREFILL_CHUNK,
      warmupTokens: WARMUP_TOKENS,
      timedTokens: args.tokens,
      prefillBudgetMinutes: args.prefillBudgetMinutes,
    },
    rows,
    hybridVsTransformer: null,
  };
  await writeGenerateReport(report, args.out, args.stem);
  return rows;
}

/** What `bench generate` writes to <stem>.json: everything the Markdown and the plot are made from. */
export interface GenerateReport {
  command: string;
  writtenAt: string;
  /** set when the report was rewritten from the measurements of an earlier run (`--from`) */
  rewrittenAt?: string;
  machine: Machine;
  backend: string;
  torch: TorchInfo | null;
  shapes: {
    preset: string;
    models: BenchModel[];
    batch: number;
    contexts: number[];
    prefillChunk: number;
    warmupTokens: number;
    timedTokens: number;
    prefillBudgetMinutes: number;
  };
  rows: GenerateRow[];
  hybridVsTransformer: { speedups: SpeedupRow[]; crossover: { ours: number | null; torch: number | null } } | null;
}

/** Writes <out>/<stem>.{json,md,svg,png} from a report (its summaries recomputed from the rows' timed tokens). */
export async function writeGenerateReport(input: GenerateReport, out: string, stem: string): Promise<string[]> {
  const rows = input.rows.map((r) => ({
    ...r,
    ours: r.ours.skipped === undefined ? summarise(r.ours, r.context) : r.ours,
    ...(r.torch === undefined ? {} : { torch: r.torch.skipped === undefined ? summarise(r.torch, r.context) : r.torch }),
  }));
  for (const r of rows) r.ratio = r.ours.msPerToken !== null && r.torch?.msPerToken != null ? r.ours.msPerToken / r.torch.msPerToken : null;
  const speedups = hybridSpeedups(rows, input.shapes.contexts);
  const report: GenerateReport = {
    ...input,
    rows,
    hybridVsTransformer: speedups === undefined ? null : { speedups, crossover: { ours: crossover(speedups, 'ours'), torch: crossover(speedups, 'torch') } },
  };
  mkdirSync(out, { recursive: true });
  const json = join(out, `${stem}.json`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const series: LineSeries[] = [];
  for (const { name } of report.shapes.models) {
    for (const [who, pick, dashed] of [['ours', (r: GenerateRow) => r.ours, false], ['PyTorch', (r: GenerateRow) => r.torch, true]] as const) {
      const points = rows.filter((r) => r.model === name && pick(r)?.msPerToken != null).map((r) => ({ x: r.context, y: pick(r)?.msPerToken as number }));
      if (points.length > 0) series.push({ name: `${name} ${who}`, points, dashed });
    }
  }
  const md = join(out, `${stem}.md`);
  writeFileSync(md, generateMarkdown(report, stem, series.length > 0));
  const written = [json, md];
  if (series.length > 0) {
    const plot = await writePlot(
      { title: 'Decode latency after a context (batch 1; median ms per token; dashed: PyTorch)', xLabel: 'context (tokens)', yLabel: 'ms per token', logX: true, logY: true, series },
      join(out, stem),
    );
    written.push(plot.svg, plot.png);
  }
  if (speedups !== undefined) {
    const x = (s: SpeedupSide) => `${fmtX(s.speedup)} (best tokens ${fmtX(s.bestSpeedup)})`;
    console.log(
      `hybrid over Transformer, ms/token: ${speedups.map((s) => `${s.context}: ${x(s.ours)}${report.torch === null ? '' : `, PyTorch ${x(s.torch)}`}`).join('; ')}; ` +
        `crossover ${describeCrossover(speedups, 'ours')}`,
    );
  }
  console.log(`wrote ${written.join(', ')}`);
  return written;
}

/** `bench generate --from <json>`: the report of an earlier run rewritten from its measurements (nothing is measured). */
export async function rewriteGenerateReport(path: string, out: string, stem: string): Promise<string[]> {
  let report: GenerateReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as GenerateReport;
  } catch (error) {
    throw new ArgumentError(`--from: cannot read ${path} (${(error as Error).message.split('\n')[0]})`);
  }
  if (!Array.isArray(report.rows) || report.shapes?.contexts === undefined) throw new ArgumentError(`--from: ${path} is not a bench generate result file`);
  return writeGenerateReport({ ...report, rewrittenAt: new Date().toISOString() }, out, stem);
}

/** The issue's targets, where the rows measure them. */
function targetLines(rows: readonly GenerateRow[], speedups: readonly SpeedupRow[] | undefined): string[] {
  const lines: string[] = [];
  const at32k = speedups?.find((s) => s.context === 32_768);
  if (at32k !== undefined) {
    const verdict = (side: SpeedupSide) =>
      side.speedup === null ? 'not measured' : `${side.speedup.toFixed(2)}× (best tokens ${fmtX(side.bestSpeedup)}; ${side.speedup >= 4 ? 'met' : 'not met'})`;
    lines.push(`- Hybrid at least 4× faster per token than the Transformer at 32K context: ours ${verdict(at32k.ours)}, PyTorch ${verdict(at32k.torch)}.`);
  }
  const mamba2 = rows.filter((r) => r.model === 'mamba2' && r.ours.msPerToken !== null);
  const [first, last] = [mamba2[0], mamba2.at(-1)];
  if (first !== undefined && last !== undefined && first !== last) {
    const over = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null ? (a / b).toFixed(2) : '—');
    const side = (who: string, pick: (r: GenerateRow) => GenerateSide | undefined) =>
      `${over(pick(last)?.msPerToken, pick(first)?.msPerToken)} (${who}; best tokens ${over(pick(last)?.bestMsPerToken, pick(first)?.bestMsPerToken)})`;
    lines.push(
      `- Pure Mamba-2 flat in context: ms/token at ${last.context} over ${first.context} tokens ${side('ours', (r) => r.ours)}` +
        (first.torch?.msPerToken == null ? '' : `, ${side('PyTorch', (r) => r.torch)}`) + '.',
    );
  }
  const hybrid64k = rows.find((r) => HYBRID_NAMES.includes(r.model) && r.context === 65_536);
  if (hybrid64k !== undefined) {
    const rss = hybrid64k.ours.memory?.peakRssBytes;
    lines.push(
      `- Hybrid generates at 64K context within 2 GiB of process memory: ours peak RSS ${formatBytes(rss)}` +
        (rss === undefined ? '' : ` (${rss <= 2 ** 31 ? 'met' : 'not met'})`) +
        `, wasm heap ${formatBytes(hybrid64k.ours.memory?.wasmHeapBytes)}${hybrid64k.torch?.memory === undefined ? '' : `; PyTorch peak RSS ${formatBytes(hybrid64k.torch.memory.peakRssBytes)}`}.`,
    );
  }
  return lines.length === 0 ? [] : ['## Targets (issue 16)', '', ...lines, ''];
}

function generateMarkdown(report: GenerateReport, stem: string, plot: boolean): string {
  const { rows, shapes } = report;
  const speedups = report.hybridVsTransformer?.speedups;
  const torch = describeTorch(report.torch);
  const models = shapes.models;
  const skipped = rows.filter((r) => r.ours.skipped !== undefined || (r.torch?.skipped !== undefined && r.torch.skipped !== 'ours skipped'));
  const lines = [
    '# Language-model generation benchmark',
    '',
    measuredLine(report.machine, report.command, report.writtenAt) + (report.rewrittenAt === undefined ? '' : ` Report rewritten from its measurements ${report.rewrittenAt.slice(0, 10)}.`),
    runtimeLine(report.backend, torch),
    `Models: ${describeModels(shapes.preset, models)}`,
    `Batch 1: after an untimed one-chunk warm-up, a random context is read into the caches ${shapes.prefillChunk} tokens at a time`,
    '(parallel prefill: the chunk attends to the KV cache; Mamba-2 runs the SSD scan from the cached state; our Mamba layers step token by token), then',
    `${shapes.warmupTokens} untimed and ${shapes.timedTokens} timed greedy tokens through the recurrent step (logits → argmax read back)${torch === null ? '' : ', ours and PyTorch alternating token by token'}.`,
    'ms/token: median of the timed tokens; ours/PyTorch: the ratio of the two (below 1: ours faster). Peak memory: the wasm heap (never shrinks) and each process\'s resident-set high-water mark',
    '(getrusage maxrss), one process per model and context.',
    '',
    ...modelsTable(models),
    '',
    ...(speedups === undefined
      ? []
      : [
          '## The hybrid against the Transformer',
          '',
          'Median ms per token of each, and the hybrid\'s speed-up (Transformer ms / hybrid ms; above 1: the hybrid is faster); "best" is the',
          'same ratio of the fastest timed tokens, which a stretch of slow tokens (another job on this shared machine) does not move.',
          '',
          '| context | ours: Transformer | ours: hybrid | ours: speed-up | ours: speed-up, best | PyTorch: Transformer | PyTorch: hybrid | PyTorch: speed-up | PyTorch: speed-up, best |',
          '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
          ...speedups.map(
            (s) =>
              `| ${s.context} | ${fmtMsValue(s.ours.transformer)} | ${fmtMsValue(s.ours.hybrid)} | ${fmtX(s.ours.speedup)} | ${fmtX(s.ours.bestSpeedup)} | ` +
              `${fmtMsValue(s.torch.transformer)} | ${fmtMsValue(s.torch.hybrid)} | ${fmtX(s.torch.speedup)} | ${fmtX(s.torch.bestSpeedup)} |`,
          ),
          '',
          `Crossover (the smallest measured context where the hybrid is faster per token): ours ${describeCrossover(speedups, 'ours')}` +
            (torch === null ? '.' : `; PyTorch ${describeCrossover(speedups, 'torch')}.`),
          '',
        ]),
    ...targetLines(rows, speedups),
    '## All measurements',
    '',
    '| model | context | ours ms/token (best) | PyTorch ms/token (best) | ours/PyTorch | ours prefill tokens/s | PyTorch prefill tokens/s | ours peak wasm heap | ours peak RSS | PyTorch peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.model} \`${r.pattern}\` | ${r.context} | ${fmtMs(r.ours)} | ${fmtMs(r.torch)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${fmtRate(r.ours.prefillTokensPerSecond)} | ${fmtRate(r.torch?.prefillTokensPerSecond)} | ${formatBytes(r.ours.memory?.wasmHeapBytes)} | ${formatBytes(r.ours.memory?.peakRssBytes)} | ${formatBytes(r.torch?.memory?.peakRssBytes)} |`,
    ),
    '',
    ...(skipped.length === 0
      ? []
      : [
          `Skipped (\`--prefill-budget ${shapes.prefillBudgetMinutes}\` minutes; the prefill time extrapolated from the model's shorter contexts):`,
          ...skipped.map((r) => `- ${r.model} ${r.context}: ${r.ours.skipped !== undefined ? `ours and PyTorch: ${r.ours.skipped}` : `PyTorch: ${r.torch?.skipped}`}`),
          '',
        ]),
    ...(plot ? [`![ms per token against context](${stem}.png)`, ''] : []),
    '## Where one decode step goes, by op',
    '',
    "Ours: `tf.profile` of one more step (on wasm each kernel timed with the wall clock; the rest of the wall time is JavaScript",
    "around the kernels and the profiler's own cost). PyTorch: `torch.autograd.profiler`, self CPU time by op.",
    '',
    '| model | context | side | kernel time / wall time | kernels | top ops |',
    '|---|---:|---|---:|---:|---|',
    ...rows.flatMap((r) =>
      [['ours', r.ours] as const, ['PyTorch', r.torch] as const]
        .filter(([, side]) => side?.profile !== undefined)
        .map(([who, side]) => {
          const p = side?.profile as NonNullable<SideResult['profile']>;
          const time = p.opMs === null ? 'untimed' : `${p.opMs.toFixed(1)} / ${p.wallMs.toFixed(1)} ms`;
          return `| ${r.model} | ${r.context} | ${who} | ${time} | ${p.kernels} | ${topOps(p, 5)} |`;
        }),
    ),
    ...torchNote(torch),
  ];
  return `${lines.join('\n')}\n`;
}
