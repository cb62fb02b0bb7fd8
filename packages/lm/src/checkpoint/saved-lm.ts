import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, loadModel, saveModel } from '@hybridssm/core';
import { LanguageModel } from '../models/language-model.js';
import type { LmConfig } from '../models/lm-config.js';
import { makeTask } from '../tasks/registry.js';
import type { SequenceTask } from '../tasks/task.js';
import { loadTokenizer, saveTokenizer } from '../tokenizers/tokenizer-file.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';

/** What a model was trained on: a text corpus through a tokenizer, or a synthetic task. */
export type LmData =
  | { kind: 'corpus'; corpus: string; validationFraction: number }
  | { kind: 'task'; task: string; options: Record<string, number> };

/** The header of a saved model: its shape, its data and its training length. */
export interface SavedLmConfig {
  model: LmConfig;
  data: LmData;
  /** the sequence length it was trained at */
  seqLen: number;
}

/** The files of a model directory (`hybridssm-lm train --checkpoint <dir>`). */
export const LM_FILES = {
  /** the weights and SavedLmConfig (core's saveModel) */
  model: 'model.safetensors',
  /** corpus models: the tokenizer, saved beside the weights */
  tokenizer: 'tokenizer.json',
  /** the training state (weights, AdamW moments, losses): resume */
  training: 'training.safetensors',
  /** one JSON line per update and evaluation */
  log: 'train.jsonl',
} as const;

export interface SavedLm {
  model: LanguageModel;
  config: SavedLmConfig;
  /** corpus models */
  tokenizer?: Tokenizer;
  /** task models: the task, rebuilt from its saved options */
  task?: SequenceTask;
}

/** Saves a trained model (and its tokenizer) into `dir`. */
export async function saveLm(dir: string, model: LanguageModel, config: SavedLmConfig, tokenizer?: Tokenizer): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await saveModel(join(dir, LM_FILES.model), model, config);
  if (tokenizer !== undefined) saveTokenizer(join(dir, LM_FILES.tokenizer), tokenizer);
}

/** Loads a model directory written by `saveLm`; a missing directory or file is one clear error naming the path. */
export async function loadLm(dir: string): Promise<SavedLm> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`checkpoint: no model directory at ${dir} (train one with: hybridssm-lm train --checkpoint ${dir} …)`);
  const weights = join(dir, LM_FILES.model);
  if (!existsSync(weights)) throw new Error(`checkpoint: ${dir} has no ${LM_FILES.model}; is training still running (its state is in ${LM_FILES.training})?`);
  const { model, config } = await loadModel(weights, (c: SavedLmConfig) => new LanguageModel(c.model, new Rng(0)));
  try {
    if (config.data.kind === 'task') return { model, config, task: makeTask(config.data.task, config.data.options) };
    return { model, config, tokenizer: loadTokenizer(join(dir, LM_FILES.tokenizer)) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
