import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, assignCheckpoint, loadSafetensors, saveSafetensors } from '@hybridssm/core';
import type { ParameterEma } from '../diffusion/ema.js';
import { diffusionEma } from '../train/fit-diffusion.js';
import { TextToImageModel } from '../train/text-to-image-model.js';
import type { TextToImageConfig } from '../train/text-to-image-config.js';

/** Written into `__metadata__.format` of a saved text-to-image model. */
export const DIFFUSION_MODEL_FORMAT = 'hybridssm-diffusion-model';

/** Prefix of the EMA's averages in model.safetensors. */
const EMA_PREFIX = 'ema.';

/** The files of a model directory. */
export const DIFFUSION_MODEL_FILES = {
  /** parameters and their EMA, with the SavedDiffusionModelHeader in the metadata */
  model: 'model.safetensors',
  /** the training state (weights, EMA, AdamW moments, losses): resume */
  training: 'training.safetensors',
  /** one JSON line per update and evaluation */
  log: 'train.jsonl',
} as const;

/** The data a model was trained on: the dataset's name and its loader's options. */
export interface SavedDiffusionData {
  dataset: string;
  [option: string]: string | number;
}

/** The header of a saved model: how to build it, what it generates, what it learnt from. */
export interface SavedDiffusionModelHeader {
  /** backbone, text encoder, noise schedule and prediction type */
  config: TextToImageConfig;
  /** the training images' size, the default for sampling */
  image: { height: number; width: number; channels: 1 | 3 };
  data: SavedDiffusionData;
  /** updates averaged into the EMA */
  emaUpdates: number;
  /** how it was trained (provenance only) */
  training?: Record<string, number | string>;
}

/** What the caller tells saveDiffusionModel; the config and the EMA's update count come from the model and the EMA. */
export type DiffusionModelDescription = Omit<SavedDiffusionModelHeader, 'config' | 'emaUpdates'>;

export interface SavedDiffusionModel {
  model: TextToImageModel;
  ema: ParameterEma;
  header: SavedDiffusionModelHeader;
}

/**
 * Saves a model and its EMA into `dir`/model.safetensors, atomically: the parameters under their
 * names, the averages under `ema.` + name, and the header as JSON in the metadata.
 */
export async function saveDiffusionModel(dir: string, model: TextToImageModel, ema: ParameterEma, description: DiffusionModelDescription): Promise<void> {
  const { channels } = model.config.backbone;
  if (description.image.channels !== channels) {
    throw new Error(`saveDiffusionModel: header image has ${description.image.channels} channels, the model generates ${channels}`);
  }
  const header: SavedDiffusionModelHeader = { config: model.config, emaUpdates: ema.updates, ...description };
  mkdirSync(dir, { recursive: true });
  const tensors: Record<string, tf.Tensor> = { ...Object.fromEntries(model.parameters()), ...ema.namedTensors(EMA_PREFIX) };
  await saveSafetensors(join(dir, DIFFUSION_MODEL_FILES.model), tensors, { format: DIFFUSION_MODEL_FORMAT, header: JSON.stringify(header) });
}

/** The header from a saved model's metadata, checked enough to build the model from it; errors name the file. */
function parseHeader(path: string, metadata: Record<string, string>): SavedDiffusionModelHeader {
  const fail = (detail: string) => new Error(`checkpoint ${path}: ${detail}`);
  if (metadata.format !== DIFFUSION_MODEL_FORMAT || metadata.header === undefined) {
    throw fail(`not a saved text-to-image model (format ${JSON.stringify(metadata.format)}, expected '${DIFFUSION_MODEL_FORMAT}'); it is written by saveDiffusionModel`);
  }
  let header: SavedDiffusionModelHeader;
  try {
    header = JSON.parse(metadata.header) as SavedDiffusionModelHeader;
  } catch (error) {
    throw fail(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header.config !== 'object' || header.config === null) throw fail('the header has no model config');
  if (!Number.isInteger(header.emaUpdates) || header.emaUpdates < 0) throw fail(`'emaUpdates' must be an integer ≥ 0; got ${JSON.stringify(header.emaUpdates)}`);
  const { image } = header;
  if (typeof image !== 'object' || image === null || ![image.height, image.width].every((side) => Number.isInteger(side) && side > 0) || image.channels !== header.config.backbone?.channels) {
    throw fail(`'image' must give the height, width and the model's channels; got ${JSON.stringify(image)}`);
  }
  if (typeof header.data?.dataset !== 'string') throw fail(`'data.dataset' must name the training data; got ${JSON.stringify(header.data)}`);
  return header;
}

/** The tensors whose names start with `prefix` (true) or do not (false). */
function withPrefix(tensors: Record<string, tf.Tensor>, prefix: string, wanted: boolean): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(tensors).filter(([name]) => name.startsWith(prefix) === wanted));
}

/**
 * Loads a model directory written by saveDiffusionModel: builds the model from the header's config
 * (an invalid config is an error naming the field) and loads its parameters and its EMA (names, shapes
 * and dtypes must match exactly, else the error lists each mismatch). A missing directory or file, or
 * a truncated file, is one line naming the path.
 */
export async function loadDiffusionModel(dir: string): Promise<SavedDiffusionModel> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`checkpoint: no model directory at ${dir} (train one first and save it with saveDiffusionModel)`);
  const path = join(dir, DIFFUSION_MODEL_FILES.model);
  if (!existsSync(path)) {
    throw new Error(`checkpoint: ${dir} has no ${DIFFUSION_MODEL_FILES.model}; is training still running (its state is in ${DIFFUSION_MODEL_FILES.training})?`);
  }
  const { tensors, metadata } = await loadSafetensors(path);
  let model: TextToImageModel | undefined;
  let ema: ParameterEma | undefined;
  try {
    const header = parseHeader(path, metadata);
    model = new TextToImageModel(header.config, new Rng(0));
    assignCheckpoint(path, withPrefix(tensors, EMA_PREFIX, false), model.parameters());
    ema = diffusionEma(model);
    ema.load(withPrefix(tensors, EMA_PREFIX, true), header.emaUpdates, EMA_PREFIX);
    return { model, ema, header };
  } catch (error) {
    ema?.dispose();
    model?.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
