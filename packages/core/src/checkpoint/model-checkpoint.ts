import type * as tf from '@tensorflow/tfjs';
import type { Module } from '../layers/module.js';
import { assignCheckpoint } from './load-into.js';
import { loadSafetensors, saveSafetensors } from './safetensors.js';

/** Written into `__metadata__.format` of model checkpoints. */
export const MODEL_CHECKPOINT_FORMAT = 'hybridssm-model';

/**
 * Saves a model's parameters under their PyTorch-style names, with its config as JSON in the header's
 * `__metadata__` (DESIGN.md §Layers), atomically.
 */
export async function saveModel(path: string, model: Module, config: object): Promise<void> {
  const tensors: Record<string, tf.Tensor> = Object.fromEntries(model.parameters());
  await saveSafetensors(path, tensors, { format: MODEL_CHECKPOINT_FORMAT, config: JSON.stringify(config) });
}

/**
 * Loads a checkpoint into a built model. Names, shapes and dtypes must match the model exactly;
 * otherwise nothing is assigned and the error names each disagreeing tensor. Returns the saved config.
 */
export async function loadModel(path: string, model: Module): Promise<unknown> {
  const { tensors, metadata } = await loadSafetensors(path);
  try {
    assignCheckpoint(path, tensors, model.parameters());
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return metadata.config === undefined ? undefined : JSON.parse(metadata.config);
}
