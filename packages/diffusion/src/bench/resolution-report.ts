import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topOps } from '@hybridssm/core';
import { writePlot } from '@hybridssm/harness';
import type { LinePlot, LineSeries } from '@hybridssm/harness';
import { BACKBONE_KINDS } from '../models/backbone-config.js';
import type { BackboneKind } from '../models/backbone-config.js';
import type { CostPoint } from './growth.js';
import { costPoints } from './resolution-bench.js';
import type { ResolutionBenchResult, ResolutionRow } from './resolution-bench.js';

/** The result files' stem: <out>/bench-resolution.{json,md,svg,png}. */
export const RESOLUTION_BENCH_STEM = 'bench-resolution';

const NAMES: Record<BackboneKind, string> = { dimba: 'Dimba', dit: 'DiT', dim: 'DiM' };

const count = (n: number) => n.toLocaleString('en-US');
const ms = (v: number | null) => (v === null ? '—' : v >= 100 ? count(Math.round(v)) : v.toFixed(1));
const exponent = (k: number | null | undefined) => (k === null || k === undefined ? '—' : k.toFixed(2));
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null ? '—' : `${(a / b).toFixed(2)}×`);

/**
 * A dashed guide ∝ patches^power through the largest measured point of `points`, at the measured
 * patch counts where it stays above `floor` (the smallest measured ms, so that it does not stretch the
 * axis): on log-log axes a line of slope `power` to read the measured slopes against.
 */
function guide(name: string, points: readonly CostPoint[], power: number, patches: readonly number[], floor: number): LineSeries[] {
  const anchor = points.at(-1);
  if (anchor === undefined) return [];
  const line = patches.map((n) => ({ x: n, y: anchor.ms * (n / anchor.patches) ** power })).filter((p) => p.y >= floor);
  return [{ name, dashed: true, points: line }];
}

/** ms per image against patches, one line per backbone, log-log, with linear and quadratic guides. */
export function resolutionPlot(result: ResolutionBenchResult): LinePlot {
  const patches = [...new Set(result.rows.map((r) => r.patches))];
  const measured: LineSeries[] = BACKBONE_KINDS.map((kind) => ({ name: NAMES[kind], points: costPoints(result.rows, kind).map((p) => ({ x: p.patches, y: p.ms })) }));
  const plotted = measured.filter((s) => s.points.length > 0);
  const floor = Math.min(...plotted.flatMap((s) => s.points.map((p) => p.y)));
  return {
    title: `Sampling time per image against resolution (${result.settings.samplingSteps}-step DDIM, derived; ${result.provenance.backend.name}, ${result.provenance.machine.cores} cores)`,
    xLabel: `patches per image (side / ${result.settings.patch})²`,
    yLabel: 'ms per image',
    logX: true,
    logY: true,
    series: [
      ...plotted,
      ...guide('∝ patches (through DiM)', costPoints(result.rows, 'dim'), 1, patches, floor),
      ...guide('∝ patches² (through DiT)', costPoints(result.rows, 'dit'), 2, patches, floor),
    ],
  };
}

const rowAt = (rows: readonly ResolutionRow[], kind: BackboneKind, side: number) => rows.find((r) => r.kind === kind && r.side === side);

function crossoverLine(result: ResolutionBenchResult, kind: 'dimba' | 'dim'): string {
  const at = result.crossovers[kind];
  const sides = result.settings.sizes;
  const largest = sides.at(-1) as number;
  const last = ratio(rowAt(result.rows, 'dit', largest)?.msPerImage, rowAt(result.rows, kind, largest)?.msPerImage);
  if (at === null) return `- ${NAMES[kind]} is not cheaper per image than DiT within the measured range (DiT / ${NAMES[kind]} at ${largest} px: ${last}).`;
  const side = result.rows.find((r) => r.patches === at)?.side;
  return at === result.rows[0]?.patches
    ? `- ${NAMES[kind]} is cheaper per image than DiT at every measured size (DiT / ${NAMES[kind]} at ${largest} px: ${last}).`
    : `- ${NAMES[kind]} is cheaper per image than DiT from ${count(at)} patches (${side} px) on: the crossover lies between that size and the one below (DiT / ${NAMES[kind]} at ${largest} px: ${last}).`;
}

/** How exponent `a` compares with `b`: within ±0.1 counts as about the same. */
const compared = (a: number, b: number) => (a > b + 0.1 ? 'faster than' : a < b - 0.1 ? 'slower than' : 'about as');

/**
 * Why Dimba's cost is not linear: a structural fact (every Transformer block keeps its self-attention),
 * followed by its measured exponent over the largest step beside DiT's and DiM's.
 */
function dimbaNote(result: ResolutionBenchResult): string {
  const last = (kind: BackboneKind) => result.growth.find((g) => g.kind === kind)?.steps.at(-1);
  const width = (kind: BackboneKind) => result.models.find((m) => m.kind === kind)?.hidden;
  const [dimba, dit, dim] = BACKBONE_KINDS.map(last);
  const structure =
    `Dimba keeps the self-attention of every Transformer block and adds a bidirectional Mamba block after each (mamba_ratio 1), so its cost is DiT's quadratic attention plus Mamba's linear scans ` +
    `at a narrower width (hidden ${width('dimba')} against DiT's ${width('dit')} and DiM's ${width('dim')} at equal parameters): the attention's share is smaller, its order is not, ` +
    `so Dimba's cost per image does not stay linear in the number of patches.`;
  if (dimba === undefined || dit === undefined || dim === undefined) return structure;
  const k = (step: typeof dimba) => step.exponent.toFixed(2);
  return (
    `${structure} Over the largest step (${count(dimba.fromPatches)} → ${count(dimba.toPatches)} patches) Dimba's k = ${k(dimba)}: it grows ${compared(dimba.exponent, dit.exponent)} DiT (k = ${k(dit)}) ` +
    `and ${compared(dimba.exponent, dim.exponent)} DiM (k = ${k(dim)}).`
  );
}

/** The report: machine, models, the measured evaluations, the derived ms per image, growth exponents, crossovers, profiles, the end-to-end run. */
export function formatResolutionMarkdown(result: ResolutionBenchResult): string {
  const { provenance: p, settings: s } = result;
  const git = p.git === null ? '' : `, commit ${p.git.commit.slice(0, 10)}${p.git.dirty ? ' (with uncommitted changes)' : ''}`;
  const by = result.command === null ? '`runResolutionBench` (packages/diffusion/src/bench/resolution-bench.ts)' : `\`${result.command}\``;
  const sides = s.sizes;
  const growthAt = (kind: BackboneKind, to: number) => result.growth.find((g) => g.kind === kind)?.steps.find((step) => step.toPatches === to)?.exponent;
  const patchesOf = (side: number) => (side / s.patch) ** 2;
  const lines = [
    '# Sampling time against resolution: Dimba, DiT and DiM',
    '',
    `Measured ${result.date.slice(0, 10)} on ${p.machine.cpu}, ${p.machine.cores} cores (${p.machine.memoryGiB} GiB), load average ${result.load.start[0]?.toFixed(1)} at the start and ` +
      `${result.load.end[0]?.toFixed(1)} at the end (a shared machine: other jobs slow every row alike, as the backbones are interleaved), Node ${p.machine.node}, ${p.backend.message}${git}, by ${by}.`,
    '',
    `The three backbones at the ${s.preset} Dimba's parameter count, patch ${s.patch}, guidance ${s.guidance}:`,
    '',
    '| backbone | hidden | blocks | heads | parameters |',
    '|---|---:|---|---:|---:|',
    ...result.models.map(
      (m) =>
        `| ${NAMES[m.kind]} | ${m.hidden} | ${m.kind === 'dimba' ? `${m.depth} Transformer + ${m.depth} bidirectional Mamba` : m.kind === 'dit' ? `${m.depth} Transformer` : `${m.depth} Mamba (self-attention replaced)`} | ${m.heads} | ${count(m.parameters)} |`,
    ),
    '',
    `## Time per image (${s.samplingSteps}-step DDIM, derived from the measured evaluations)`,
    '',
    `ms per image = ${s.samplingSteps} × ms per guided evaluation / batch: derived, not measured end to end (see the end-to-end run below for the check).`,
    '',
    '| side (px) | patches | batch | Dimba (ms/image) | DiT (ms/image) | DiM (ms/image) | DiT / Dimba | DiT / DiM |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...sides.map((side) => {
      const [dimba, dit, dim] = BACKBONE_KINDS.map((kind) => rowAt(result.rows, kind, side));
      return `| ${side} | ${count(patchesOf(side))} | ${dimba?.batch} | ${ms(dimba?.msPerImage ?? null)} | ${ms(dit?.msPerImage ?? null)} | ${ms(dim?.msPerImage ?? null)} | ${ratio(dit?.msPerImage, dimba?.msPerImage)} | ${ratio(dit?.msPerImage, dim?.msPerImage)} |`;
    }),
    '',
    '## Measured: one guided evaluation (ms, median)',
    '',
    '| side (px) | patches | batch (sequences) | Dimba | DiT | DiM | note |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...sides.map((side) => {
      const rows = BACKBONE_KINDS.map((kind) => rowAt(result.rows, kind, side));
      const notes = rows.filter((r) => r?.skipped != null).map((r) => `${NAMES[r?.kind as BackboneKind]} ${r?.skipped}`);
      return `| ${side} | ${count(patchesOf(side))} | ${rows[0]?.batch} (${2 * (rows[0]?.batch ?? 0)}) | ${rows.map((r) => ms(r?.evaluationMs ?? null)).join(' | ')} | ${notes.join('; ')} |`;
    }),
    '',
    '## Growth exponent k (ms per image ∝ patches^k)',
    '',
    '| patches | Dimba | DiT | DiM |',
    '|---|---:|---:|---:|',
    ...sides.slice(1).map((side, i) => {
      const from = sides[i] as number;
      const [batchFrom, batchTo] = [rowAt(result.rows, 'dim', from)?.batch, rowAt(result.rows, 'dim', side)?.batch];
      const batches = batchFrom === batchTo ? '' : ` (batch ${batchFrom} → ${batchTo})`;
      return `| ${count(patchesOf(from))} → ${count(patchesOf(side))}${batches} | ${BACKBONE_KINDS.map((kind) => exponent(growthAt(kind, patchesOf(side)))).join(' | ')} |`;
    }),
    `| least squares over all | ${BACKBONE_KINDS.map((kind) => exponent(result.growth.find((g) => g.kind === kind)?.fitted)).join(' | ')} |`,
    '',
    'k = 1 is linear in the number of patches (Mamba\'s scans, the MLPs, the projections, the cross-attention to the caption), 2 quadratic (self-attention). ' +
      'Below 1, a fixed cost per evaluation (kernel dispatch, the timestep and caption embeddings) still dominates. ' +
      'Where the batch changes between two sizes, k compares ms per image at different batches (per-image overhead and cache use differ).',
    '',
    crossoverLine(result, 'dim'),
    crossoverLine(result, 'dimba'),
    '',
    dimbaNote(result),
    '',
    `![ms per image against patches](${RESOLUTION_BENCH_STEM}.svg)`,
    '',
    ...profileSection(result),
    ...gridSection(result),
    `Method: ${result.method}`,
    '',
  ];
  return lines.join('\n');
}

function profileSection(result: ResolutionBenchResult): string[] {
  const first = result.profiles[0];
  if (first === undefined) return [];
  return [
    `## Time by op of one evaluation at ${first.side} px (batch ${first.batch}, profiled: tf.profile's per-kernel timing adds overhead)`,
    '',
    '| backbone | op / wall ms | kernels | top ops (self time) |',
    '|---|---:|---:|---|',
    ...result.profiles.map((r) => `| ${NAMES[r.kind]} | ${ms(r.profile.opMs)} / ${ms(r.profile.wallMs)} | ${count(r.profile.kernels)} | ${topOps(r.profile, 5)} |`),
    '',
  ];
}

function gridSection(result: ResolutionBenchResult): string[] {
  const g = result.grid;
  if (g === null) return [];
  const { machine } = result.provenance;
  const verdict = g.totalMs < 60_000 ? 'under a minute' : 'over a minute';
  return [
    '## End to end: one real sampling run',
    '',
    `\`sampleImages\`, DDIM (η = 0) at ${g.steps} steps, guidance ${g.guidance}, ${g.images} images of ${g.side}×${g.side} (one batch) from the ${result.settings.preset} ${NAMES[g.kind]} (${count(g.parameters)} backbone parameters, untrained): ` +
      `**${(g.totalMs / 1000).toFixed(1)} s** in all, ${ms(g.msPerImage)} ms per image — ${verdict} on ${machine.cores} cores of ${machine.cpu} (${result.provenance.backend.name}). ` +
      `Derived from its guided evaluation (${ms(g.evaluationMs)} ms for the batch, median of ${result.settings.repeats}): ${ms(g.derivedMsPerImage)} ms per image, ` +
      `measured / derived = ${ratio(g.msPerImage, g.derivedMsPerImage)} (the run also makes the sampler's element-wise updates, encodes the prompts and reads back; the two were timed a few seconds apart on a shared machine).`,
    '',
  ];
}

/** Writes <out>/bench-resolution.{json,md,svg,png}; returns their paths. */
export async function writeResolutionBench(result: ResolutionBenchResult, out: string): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const base = join(out, RESOLUTION_BENCH_STEM);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, formatResolutionMarkdown(result));
  const plot = await writePlot(resolutionPlot(result), base);
  return [`${base}.json`, `${base}.md`, plot.svg, plot.png];
}
