import { loadavg } from 'node:os';
import { ArgumentError, profileByOp } from '@hybridssm/core';
import type { BackendInfo, ProfileReport } from '@hybridssm/core';
import { collectProvenance } from '@hybridssm/harness';
import type { Provenance } from '@hybridssm/harness';
import { BACKBONE_KINDS, backboneConfig } from '../models/backbone-config.js';
import type { BackboneConfig, BackboneKind, BackbonePreset } from '../models/backbone-config.js';
import { backboneParameterCount } from '../models/parameter-count.js';
import type { TextToImageModel } from '../train/text-to-image-model.js';
import { equalParameterBackbones, untrainedModel } from './bench-models.js';
import { ISSUE_GRID, timeGridSampling } from './grid-sampling.js';
import type { GridSpec, GridTiming } from './grid-sampling.js';
import { crossover, fittedExponent, growthExponents } from './growth.js';
import type { CostPoint, GrowthStep } from './growth.js';
import { BENCH_GUIDANCE, guidedEvaluation, interleavedTimes, median } from './guided-evaluation.js';

/** The DDIM run the ms per image are derived for. */
export const SAMPLING_STEPS = 50;

/**
 * The most bytes one self-attention score tensor [2·batch, heads, N, N] of float32 may take at a size:
 * the batch is reduced to fit (tfjs materialises the scores, and the softmax's intermediates as large,
 * within the wasm backend's 4 GiB heap; 512 MiB grows the heap to about 2 GiB).
 */
export const ATTENTION_SCORES_LIMIT_BYTES = 512 * 2 ** 20;

/**
 * 16 to 256 px at patch 4: 16 to 4,096 patches. The DiT/DiM crossover of the small preset lies
 * between 1,024 and 4,096 patches on a 2-core CPU, so the default reaches 256 px to put it in the plot.
 */
export const RESOLUTION_BENCH_DEFAULTS = {
  preset: 'small' as BackbonePreset,
  patch: backboneConfig({ kind: 'dimba', preset: 'small' }).patch,
  sizes: [16, 32, 64, 128, 256],
  repeats: 5,
  /** the issue's grid: 16 images */
  batch: 16,
};

export interface ResolutionBenchOptions {
  /** the backend already initialised (recorded in the provenance) */
  backend: BackendInfo;
  /** the reference Dimba's preset (default small) */
  preset?: BackbonePreset;
  /** image sides in pixels, multiples of the preset's patch size */
  sizes?: number[];
  /** timed evaluations per backbone and size after one warm-up (default 5) */
  repeats?: number;
  /** images per guided batch (default 16), reduced where attention would not fit (ATTENTION_SCORES_LIMIT_BYTES) */
  batch?: number;
  /** the end-to-end sampling run of the reference Dimba: true (default) the issue's grid, false none */
  grid?: boolean | GridSpec;
  /** profile one evaluation of each backbone by op at the largest size all three ran (default true) */
  profile?: boolean;
  /** the command line, for the result files */
  command?: string;
  onProgress?: (line: string) => void;
}

export interface ResolutionRow {
  kind: BackboneKind;
  side: number;
  /** tokens per image: (side / patch)² */
  patches: number;
  /** images per guided batch (the backbone runs on twice as many sequences) */
  batch: number;
  /** median ms of one guided denoiser evaluation; null where skipped */
  evaluationMs: number | null;
  /** every timed evaluation, in order */
  times: number[];
  /** derived, not measured: SAMPLING_STEPS × evaluationMs / batch */
  msPerImage: number | null;
  skipped: string | null;
}

export interface BackboneGrowth {
  kind: BackboneKind;
  /** between successive sizes, of the ms per image */
  steps: GrowthStep[];
  /** the least-squares log-log slope over all sizes */
  fitted: number | null;
}

export interface ResolutionBenchResult {
  command: string | null;
  date: string;
  /** 1-, 5- and 15-minute load averages at the start and at the end (other work on a shared machine slows every row) */
  load: { start: number[]; end: number[] };
  provenance: Provenance;
  settings: {
    preset: BackbonePreset;
    patch: number;
    sizes: number[];
    repeats: number;
    requestedBatch: number;
    guidance: number;
    samplingSteps: number;
    attentionScoresLimitBytes: number;
  };
  models: Array<{ kind: BackboneKind; hidden: number; depth: number; heads: number; parameters: number }>;
  rows: ResolutionRow[];
  growth: BackboneGrowth[];
  /** the patch count from which each Mamba backbone is cheaper per image than DiT at every larger measured size; null: not within the range */
  crossovers: { dimba: number | null; dim: number | null };
  profiles: Array<{ kind: BackboneKind; side: number; batch: number; profile: ProfileReport }>;
  grid: GridTiming | null;
  method: string;
}

const hasAttention = (kind: BackboneKind) => kind !== 'dim';

/**
 * The batch at `patches` per image: `requested`, reduced so that one attention score tensor
 * [2·batch, heads, N, N] of float32 stays within ATTENTION_SCORES_LIMIT_BYTES; 0 when one image is over.
 */
export function attentionBatch(requested: number, heads: number, patches: number): number {
  return Math.min(requested, Math.floor(ATTENTION_SCORES_LIMIT_BYTES / (2 * heads * patches ** 2 * 4)));
}

function checkOptions(patch: number, sizes: readonly number[], repeats: number, batch: number): void {
  const bad = sizes.filter((side) => !Number.isInteger(side) || side < patch || side % patch !== 0);
  if (sizes.length === 0 || bad.length > 0) throw new ArgumentError(`runResolutionBench: sizes must be positive multiples of the patch size ${patch}; got [${sizes.join(', ')}]`);
  for (const [name, value] of [['repeats', repeats], ['batch', batch]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ArgumentError(`runResolutionBench: ${name} must be a positive integer; got ${value}`);
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Times the guided denoiser evaluation of the three backbones at equal parameters (untrained, seeded)
 * at each image side, interleaved backbone by backbone, on the backend already initialised; derives
 * ms per image of a 50-step DDIM run, fits the growth exponents, finds the crossovers, profiles the
 * largest size by op, and times one real sampling run of the reference Dimba. No tensor outlives it.
 */
export async function runResolutionBench(options: ResolutionBenchOptions): Promise<ResolutionBenchResult> {
  const { preset = RESOLUTION_BENCH_DEFAULTS.preset, repeats = RESOLUTION_BENCH_DEFAULTS.repeats, batch = RESOLUTION_BENCH_DEFAULTS.batch } = options;
  const backbones = equalParameterBackbones(preset);
  const [reference] = backbones as [BackboneConfig];
  const sizes = [...new Set(options.sizes ?? RESOLUTION_BENCH_DEFAULTS.sizes)].sort((a, b) => a - b);
  checkOptions(reference.patch, sizes, repeats, batch);
  const progress = options.onProgress ?? (() => undefined);
  const start = loadavg();
  const date = new Date().toISOString();
  const models = backbones.map((backbone) => untrainedModel(backbone, 0));
  try {
    const rows: ResolutionRow[] = [];
    for (const side of sizes) rows.push(...(await measureSide(models, side, repeats, batch, progress)));
    const profiles = options.profile === false ? [] : await profileLargestSide(models, rows);
    const gridSpec = options.grid === false ? null : options.grid === true || options.grid === undefined ? ISSUE_GRID : options.grid;
    let grid: GridTiming | null = null;
    if (gridSpec !== null) {
      progress(`end-to-end: ${gridSpec.images} images of ${gridSpec.side}×${gridSpec.side}, DDIM ${gridSpec.steps} steps, from the ${preset} Dimba…`);
      grid = await timeGridSampling(reference, gridSpec, repeats);
      progress(`end-to-end: ${(grid.totalMs / 1000).toFixed(1)} s (${grid.msPerImage.toFixed(0)} ms per image; derived from its evaluation: ${grid.derivedMsPerImage.toFixed(0)})`);
    }
    return {
      command: options.command ?? null,
      date,
      load: { start, end: loadavg() },
      provenance: collectProvenance(options.backend),
      settings: { preset, patch: reference.patch, sizes, repeats, requestedBatch: batch, guidance: BENCH_GUIDANCE, samplingSteps: SAMPLING_STEPS, attentionScoresLimitBytes: ATTENTION_SCORES_LIMIT_BYTES },
      models: backbones.map((b) => ({ kind: b.kind, hidden: b.hidden, depth: b.depth, heads: b.heads, parameters: backboneParameterCount(b) })),
      rows,
      growth: BACKBONE_KINDS.map((kind) => ({ kind, steps: growthExponents(costPoints(rows, kind)), fitted: fittedExponent(costPoints(rows, kind)) })),
      crossovers: { dimba: crossover(costPoints(rows, 'dimba'), costPoints(rows, 'dit')), dim: crossover(costPoints(rows, 'dim'), costPoints(rows, 'dit')) },
      profiles,
      grid,
      method: describeMethod(repeats),
    };
  } finally {
    for (const model of models) model.dispose();
  }
}

/** The measured ms per image of one backbone, size by size. */
export function costPoints(rows: readonly ResolutionRow[], kind: BackboneKind): CostPoint[] {
  return rows.filter((r) => r.kind === kind && r.msPerImage !== null).map((r) => ({ patches: r.patches, ms: r.msPerImage as number }));
}

/** One row per backbone at `side`: all three at one batch, their evaluations interleaved. */
async function measureSide(models: readonly TextToImageModel[], side: number, repeats: number, requested: number, progress: (line: string) => void): Promise<ResolutionRow[]> {
  const { patch, heads } = (models[0] as TextToImageModel).config.backbone;
  const patches = (side / patch) ** 2;
  const fitting = attentionBatch(requested, heads, patches);
  const batch = Math.max(1, fitting);
  const skipped = (kind: BackboneKind) =>
    fitting === 0 && hasAttention(kind) ? `not run: one image's attention scores (${count(2 * heads * patches ** 2 * 4 / 2 ** 20)} MiB) exceed the ${ATTENTION_SCORES_LIMIT_BYTES / 2 ** 20} MiB limit` : null;
  const running = models.filter((m) => skipped(m.config.backbone.kind) === null);
  const evaluations = running.map((model) => guidedEvaluation(model, batch, side, 1));
  let times: number[][];
  try {
    progress(`${side} px (${count(patches)} patches), batch ${batch}: timing ${running.map((m) => m.config.backbone.kind).join(', ')}…`);
    times = await interleavedTimes(evaluations.map((e) => () => e.run()), repeats);
  } finally {
    for (const evaluation of evaluations) evaluation.dispose();
  }
  const rows = models.map((model): ResolutionRow => {
    const { kind } = model.config.backbone;
    const measured = times[running.indexOf(model)];
    const evaluationMs = measured === undefined ? null : median(measured);
    return { kind, side, patches, batch, evaluationMs, times: measured ?? [], msPerImage: evaluationMs === null ? null : (SAMPLING_STEPS * evaluationMs) / batch, skipped: skipped(kind) };
  });
  progress(`${side} px: ${rows.map((r) => `${r.kind} ${r.evaluationMs === null ? '—' : `${r.evaluationMs.toFixed(0)} ms`}`).join(', ')} per evaluation`);
  return rows;
}

/** One evaluation of each backbone profiled by op at the largest side all three were measured at. */
async function profileLargestSide(models: readonly TextToImageModel[], rows: readonly ResolutionRow[]): Promise<ResolutionBenchResult['profiles']> {
  const complete = rows.filter((r) => rows.every((other) => other.side !== r.side || other.skipped === null));
  const largest = complete.at(-1);
  if (largest === undefined) return [];
  const profiles: ResolutionBenchResult['profiles'] = [];
  for (const model of models) {
    const evaluation = guidedEvaluation(model, largest.batch, largest.side, 1);
    try {
      await evaluation.run();
      profiles.push({ kind: model.config.backbone.kind, side: largest.side, batch: largest.batch, profile: await profileByOp(() => evaluation.predict().dispose()) });
    } finally {
      evaluation.dispose();
    }
  }
  return profiles;
}

function describeMethod(repeats: number): string {
  return (
    `The three backbones at the reference Dimba's parameter count (DiT and DiM widths solved by matchParameterCount), untrained with seeded weights (the cost of a step does not depend on training). ` +
    `Unit of work: one guided denoiser evaluation, as a sampler step makes it — the backbone on the doubled batch (with and without the caption, guidance ${BENCH_GUIDANCE}), combined by classifier-free guidance, read back; prompts encoded and x_t drawn outside the timing. ` +
    `Each size: one warm-up evaluation of each backbone, then ${repeats} timed ones of each, interleaved backbone by backbone; the median. ` +
    `ms per image is derived, not measured: ${SAMPLING_STEPS} × (ms per evaluation) / batch — a ${SAMPLING_STEPS}-step DDIM run without the sampler's element-wise updates and the prompt encoding (the end-to-end run checks the derivation). ` +
    `Growth exponent k: ms per image ∝ patches^k, between successive sizes and by least squares over all. ` +
    `Batch: as requested, reduced at a size where one self-attention score tensor [2·batch, heads, N, N] would exceed ${ATTENTION_SCORES_LIMIT_BYTES / 2 ** 20} MiB; the same batch for all three at a size.`
  );
}
