import { dirname, join } from 'node:path';
import { Rng } from '@hybridssm/core';
import type { CellContext, CellOutcome, ColumnSpec, RowSpec } from '@hybridssm/harness';
import { DIFFUSION_DATA_NAMES, loadDiffusionData } from '../data/diffusion-data.js';
import type { DiffusionDataName, DiffusionSplits } from '../data/diffusion-data.js';
import { writeImageGrid } from '../data/image-grid.js';
import { generationEvaluator, scoreGenerations } from '../evaluation/score-generations.js';
import { BACKBONE_KINDS, backboneConfig } from '../models/backbone-config.js';
import type { BackboneConfig, BackboneKind, BackboneOptions } from '../models/backbone-config.js';
import { backboneParameterCount, matchParameterCount } from '../models/parameter-count.js';
import { fitDiffusion } from '../train/fit-diffusion.js';
import type { DiffusionFitConfig } from '../train/fit-diffusion.js';
import type { PredictionType } from '../diffusion/parameterization.js';
import type { ScheduleName } from '../diffusion/schedules.js';
import { textToImageConfig } from '../train/text-to-image-config.js';
import { TextToImageModel } from '../train/text-to-image-model.js';
import { sampleGridPath } from './sample-grid-path.js';

/** One scale of the diffusion tables: the reference backbone, the data sizes, the training recipe and the sampler. */
export interface DiffusionTableConfig {
  /** the Dimba backbone every row is sized against: a preset with overrides; the image size and channels are the column's data's */
  backbone: Omit<BackboneOptions, 'kind' | 'imageSize' | 'channels'>;
  /** the byte text encoder's Transformer blocks and heads */
  text: { layers: number; heads: number };
  /** images per split (MNIST: at most, of its 9,000 / 1,000); `resolution` replaces a generated column's own */
  data: { trainCount: number; testCount: number; resolution?: number };
  /** the noise schedule and what the backbone predicts (the paper's: linear, ε) */
  diffusion: { schedule: ScheduleName; prediction: PredictionType };
  fit: DiffusionFitConfig;
  /** training checkpoint interval (updates), so that an interrupted cell resumes */
  checkpointEvery: number;
  /** DDIM (η = 0) with classifier-free guidance on the first `prompts` test captions, one image each */
  sampling: { steps: number; guidance: number; prompts: number };
}

/** The metrics every diffusion table reports. */
export const DIFFUSION_TABLE_METRICS = [
  { id: 'prompt-accuracy', label: 'prompt accuracy %', direction: 'higher', digits: 1 },
  { id: 'frechet', label: 'Fréchet distance (classifier features)', direction: 'lower', digits: 2 },
  { id: 'ms-per-image', label: 'ms per image (sampling)', direction: 'lower', digits: 1 },
  { id: 'parameters', label: 'backbone parameters', direction: 'lower', digits: 0 },
] as const;

/** The rows every scale trains: the hybrid and the two single-mixer backbones at its parameter count. */
export const BACKBONE_ROWS: RowSpec[] = [
  { id: 'dimba', label: 'Dimba (Transformer + bidirectional Mamba blocks, 1:1)' },
  { id: 'dit', label: 'DiT / PixArt-α-style Transformer (equal parameters)' },
  { id: 'dim', label: 'DiM-style bidirectional Mamba only (equal parameters)' },
];

/** The data set of every run: the cell seed varies the model, not the data. */
const DATA_SEED = 0;
const GRID_COLUMNS = 10;
const GRID_SCALE = 2;

function columnData(column: ColumnSpec, ctx: CellContext<DiffusionTableConfig>): Promise<DiffusionSplits> {
  const { dataset, resolution } = column.settings;
  if (!(DIFFUSION_DATA_NAMES as readonly unknown[]).includes(dataset)) {
    throw new Error(`diffusion tables: column '${column.id}' has dataset ${JSON.stringify(dataset)}; a run needs one of ${DIFFUSION_DATA_NAMES.join(', ')}`);
  }
  const { trainCount, testCount, resolution: override } = ctx.config.data;
  const side = override ?? (resolution === undefined ? undefined : Number(resolution));
  return loadDiffusionData(dataset as DiffusionDataName, { dataDir: ctx.dataDir, trainCount, testCount, seed: DATA_SEED, ...(side === undefined ? {} : { resolution: side }) });
}

/** The row's backbone: the scale's Dimba for this data, or a `kind` backbone matched to its parameter count. */
export function cellBackbone(kind: BackboneKind, config: DiffusionTableConfig, data: { height: number; channels: number }): BackboneConfig {
  const reference = backboneConfig({ ...config.backbone, kind: 'dimba', imageSize: data.height, channels: data.channels });
  return kind === 'dimba' ? reference : matchParameterCount(reference, kind);
}

/**
 * Trains a text-to-image model with the row's backbone on the column's training split (resuming from
 * the cell's checkpoint), samples the first test captions from its EMA weights, and scores them with
 * the dataset's evaluation classifier (cached beside the cell's checkpoint). Writes the samples as a
 * PNG grid (sampleGridPath); the train loss per update is the cell's curve.
 */
export async function trainAndScore(row: RowSpec, column: ColumnSpec, ctx: CellContext<DiffusionTableConfig>): Promise<CellOutcome> {
  const kind = row.id as BackboneKind;
  if (!BACKBONE_KINDS.includes(kind)) throw new Error(`diffusion tables: row '${row.id}' is not trained (rows that run: ${BACKBONE_KINDS.join(', ')})`);
  const { config } = ctx;
  const splits = await columnData(column, ctx);
  if (splits.test.count < config.sampling.prompts) {
    throw new Error(`diffusion tables: ${config.sampling.prompts} prompts asked of ${column.id}, whose test split has ${splits.test.count} captions`);
  }
  const evaluator = await generationEvaluator(splits, join(dirname(ctx.checkpointPath), `classifier.${column.id}.safetensors`), { quiet: ctx.quiet });
  const backbone = cellBackbone(kind, config, splits.train);
  const model = new TextToImageModel(textToImageConfig({ backbone, textLayers: config.text.layers, textHeads: config.text.heads, ...config.diffusion }), new Rng(ctx.seed));
  try {
    const { run, ema } = await fitDiffusion(model, splits.train, config.fit, {
      seed: ctx.seed,
      checkpointPath: ctx.checkpointPath,
      checkpointEvery: config.checkpointEvery,
      logPath: ctx.logPath,
      label: `${row.id} ${column.id}`,
      quiet: true,
      onStep: (step, total, loss) => ctx.report(step, total, { loss }),
    });
    try {
      const prompts = splits.test.captions.slice(0, config.sampling.prompts);
      const { steps, guidance } = config.sampling;
      const scores = await scoreGenerations(model, evaluator, prompts, { sampler: 'ddim', steps, guidance, seed: ctx.seed, ema });
      await writeImageGrid(sampleGridPath(ctx.checkpointPath, row.id, column.id, ctx.seed), scores.samples, { columns: Math.min(GRID_COLUMNS, scores.samples.count), scale: GRID_SCALE });
      return {
        metrics: {
          'prompt-accuracy': 100 * scores.promptAccuracy,
          frechet: scores.frechetDistance,
          'ms-per-image': scores.msPerImage,
          parameters: backboneParameterCount(backbone),
          'classifier-accuracy': 100 * evaluator.classifierAccuracy.accuracy,
        },
        curves: { 'train loss': run.losses.map((y, i) => ({ x: i + 1, y })) },
      };
    } finally {
      ema.dispose();
    }
  } finally {
    model.dispose();
    evaluator.dispose();
  }
}
