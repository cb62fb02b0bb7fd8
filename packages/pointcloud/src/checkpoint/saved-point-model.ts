import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, assignCheckpoint, loadSafetensors, saveSafetensors } from '@hybridssm/core';
import { namedBuffers } from '../models/batch-norm.js';
import { POINT_MODEL_NAMES, buildPointModel } from '../models/classifier.js';
import type { PointModel, PointModelConfigs, PointModelName } from '../models/classifier.js';

/** Written into `__metadata__.format` of a saved point-cloud model. */
export const POINT_MODEL_FORMAT = 'hybridssm-point-model';

/** The files of a model directory (`hybridssm-pointcloud train --checkpoint <dir>`). */
export const POINT_MODEL_FILES = {
  /** parameters and BatchNorm running statistics, with the SavedPointModelHeader in the metadata */
  model: 'model.safetensors',
  /** the training state (weights, AdamW moments, losses): resume */
  training: 'training.safetensors',
  /** one JSON line per update and evaluation */
  log: 'train.jsonl',
} as const;

/** The data a model was trained on, enough to load its test split again: the dataset's name and its loader's options. */
export interface SavedPointData {
  dataset: string;
  [option: string]: string | number;
}

/** The header of a saved model: which model, its full configuration, its classes and its data. */
export interface SavedPointModelHeader {
  model: PointModelName;
  config: PointModelConfigs[PointModelName];
  /** class names, index = label */
  classes: string[];
  data: SavedPointData;
  /** how it was trained (provenance only) */
  training?: Record<string, number>;
}

export interface SavedPointModel {
  /** in evaluation mode */
  model: PointModel;
  header: SavedPointModelHeader;
}

/**
 * Saves a model into `dir`/model.safetensors, atomically: its parameters and its buffers (BatchNorm
 * running_mean / running_var) under their PyTorch state-dict names, in one file, with `header` as JSON
 * in the metadata. core's saveModel writes parameters only, so this writes the file itself.
 */
export async function savePointModel(dir: string, model: PointModel, header: SavedPointModelHeader): Promise<void> {
  if (header.classes.length !== model.numClasses) {
    throw new Error(`savePointModel: header has ${header.classes.length} classes, the model predicts ${model.numClasses}`);
  }
  mkdirSync(dir, { recursive: true });
  const tensors: Record<string, tf.Tensor> = Object.fromEntries([...model.parameters(), ...namedBuffers(model)]);
  await saveSafetensors(join(dir, POINT_MODEL_FILES.model), tensors, { format: POINT_MODEL_FORMAT, header: JSON.stringify(header) });
}

/** The header from a saved model's metadata, checked enough to build the model from it; errors name the file. */
function parseHeader(path: string, metadata: Record<string, string>): SavedPointModelHeader {
  const fail = (detail: string) => new Error(`checkpoint ${path}: ${detail}`);
  if (metadata.format !== POINT_MODEL_FORMAT || metadata.header === undefined) {
    throw fail(`not a saved point-cloud model (format ${JSON.stringify(metadata.format)}, expected '${POINT_MODEL_FORMAT}'); it is written by savePointModel (hybridssm-pointcloud train)`);
  }
  let header: SavedPointModelHeader;
  try {
    header = JSON.parse(metadata.header) as SavedPointModelHeader;
  } catch (error) {
    throw fail(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (!POINT_MODEL_NAMES.includes(header.model)) throw fail(`unknown model ${JSON.stringify(header.model)}; expected one of ${POINT_MODEL_NAMES.join(', ')}`);
  if (typeof header.config !== 'object' || header.config === null) throw fail('the header has no model config');
  if (!Array.isArray(header.classes) || header.classes.length < 2 || !header.classes.every((name) => typeof name === 'string')) {
    throw fail(`'classes' must be at least 2 class names; got ${JSON.stringify(header.classes)}`);
  }
  if (typeof header.data?.dataset !== 'string') throw fail(`'data.dataset' must name the training data; got ${JSON.stringify(header.data)}`);
  return header;
}

/**
 * Loads a model directory written by savePointModel: builds the model from the header's config and
 * loads its parameters and buffers (names, shapes and dtypes must match exactly, else the error lists
 * each mismatch). The model is returned in evaluation mode; a missing directory or file is one clear
 * error naming the path.
 */
export async function loadPointModel(dir: string): Promise<SavedPointModel> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`checkpoint: no model directory at ${dir} (train one with: hybridssm-pointcloud train --checkpoint ${dir} …)`);
  }
  const path = join(dir, POINT_MODEL_FILES.model);
  if (!existsSync(path)) {
    throw new Error(`checkpoint: ${dir} has no ${POINT_MODEL_FILES.model}; is training still running (its state is in ${POINT_MODEL_FILES.training})?`);
  }
  const { tensors, metadata } = await loadSafetensors(path);
  let model: PointModel | undefined;
  try {
    const header = parseHeader(path, metadata);
    model = buildPointModel(header.model, header.config, header.classes.length, new Rng(0));
    assignCheckpoint(path, tensors, new Map([...model.parameters(), ...namedBuffers(model)]));
    model.setTraining(false);
    return { model, header };
  } catch (error) {
    model?.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
