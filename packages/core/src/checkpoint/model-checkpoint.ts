import type * as tf from '@tensorflow/tfjs';
import type { Module } from '../layers/module.js';
import { assignCheckpoint } from './load-into.js';
import { METADATA_KEY, parseHeader } from './safetensors-header.js';
import { decodeSafetensors, readSafetensorsFile, saveSafetensors } from './safetensors.js';

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

/** The config `saveModel` wrote into the header's metadata; the errors name the path. */
function savedConfig(path: string, metadata: Record<string, string>): unknown {
  const text = metadata.config;
  if (text === undefined) {
    const keys = Object.keys(metadata);
    throw new Error(
      `checkpoint ${path}: no model config in ${METADATA_KEY} (expected key 'config', found ` +
        `${keys.length === 0 ? 'none' : keys.map((k) => `'${k}'`).join(', ')}); loadModel reads checkpoints written by saveModel`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`checkpoint ${path}: ${METADATA_KEY}.config is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Builds a model from the config saved in the checkpoint (`build` should validate it, as the layer
 * constructors do) and loads the weights into it. Names, shapes and dtypes must match the built model
 * exactly; otherwise the model is disposed and the error names each disagreeing tensor.
 */
export async function loadModel<C, M extends Module>(path: string, build: (config: C) => M): Promise<{ model: M; config: C }> {
  const bytes = await readSafetensorsFile(path);
  const config = savedConfig(path, parseHeader(bytes, path).metadata) as C;
  const model = build(config);
  let tensors: Record<string, tf.Tensor> = {};
  try {
    tensors = decodeSafetensors(bytes, path).tensors;
    assignCheckpoint(path, tensors, model.parameters());
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return { model, config };
}
