import * as tf from '@tensorflow/tfjs';
import { assignCheckpoint } from '../checkpoint/load-into.js';
import { loadSafetensors, saveSafetensors } from '../checkpoint/safetensors.js';
import type { AdamW } from './adamw.js';

const FORMAT = 'hybridssm-training';
const MODEL = 'model.';
const OPTIMIZER = 'optimizer.';

/** What a run needs to continue exactly where it stopped, besides the weights and optimizer moments. */
export interface RunProgress {
  /** updates completed */
  step: number;
  losses: number[];
  evals: Array<{ step: number; metrics: Record<string, number> }>;
}

/** Saves weights (`model.*`), AdamW moments (`optimizer.*`) and run progress, atomically. */
export async function saveTrainingCheckpoint(
  path: string,
  params: Map<string, tf.Variable>,
  optimizer: AdamW,
  progress: RunProgress,
  config: object,
): Promise<void> {
  const state = optimizer.getState();
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, v] of params) tensors[`${MODEL}${name}`] = v;
  for (const [name, t] of Object.entries(state)) tensors[`${OPTIMIZER}${name}`] = t;
  try {
    await saveSafetensors(path, tensors, { format: FORMAT, progress: JSON.stringify(progress), config: JSON.stringify(config) });
  } finally {
    tf.dispose(Object.values(state));
  }
}

/** Restores weights and optimizer state from a training checkpoint; returns the run's progress. */
export async function loadTrainingCheckpoint(path: string, params: Map<string, tf.Variable>, optimizer: AdamW): Promise<RunProgress> {
  const { tensors, metadata } = await loadSafetensors(path);
  try {
    if (metadata.format !== FORMAT || metadata.progress === undefined) {
      throw new Error(`checkpoint ${path} is not a training checkpoint (format ${JSON.stringify(metadata.format)}, expected '${FORMAT}')`);
    }
    const progress = JSON.parse(metadata.progress) as RunProgress;
    const part = (prefix: string) =>
      Object.fromEntries(Object.entries(tensors).filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]));
    assignCheckpoint(path, part(MODEL), params);
    optimizer.setState(part(OPTIMIZER), progress.step);
    return progress;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
