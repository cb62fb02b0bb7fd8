import * as tf from '@tensorflow/tfjs';
import { Rng } from '@hybridssm/core';
import { randomWindows } from '../data/text-corpus.js';
import { taskBatch } from '../tasks/task.js';
import type { SequenceTask } from '../tasks/task.js';

/** One training or evaluation batch as row-major typed arrays ([batch, length] each). */
export interface LmBatch {
  tokens: Int32Array;
  targets: Int32Array;
  /** 1 where the next token is scored (a task's answers); absent: every position */
  mask?: Float32Array;
  batch: number;
  length: number;
}

/** The batch of update `step` (a function of the step only, so that a resumed run sees the same data). */
export type LmBatchSource = (step: number) => LmBatch;

/** The batch as tensors: tokens and targets [b,l] int32, mask [b,l] float32. */
export function batchTensors(batch: LmBatch): { tokens: tf.Tensor2D; targets: tf.Tensor2D; mask?: tf.Tensor2D } {
  const shape: [number, number] = [batch.batch, batch.length];
  return {
    tokens: tf.tensor2d(batch.tokens, shape, 'int32'),
    targets: tf.tensor2d(batch.targets, shape, 'int32'),
    ...(batch.mask === undefined ? {} : { mask: tf.tensor2d(batch.mask, shape) }),
  };
}

/**
 * `batch` windows of `length` tokens from a token stream at uniform random offsets, targets shifted by
 * one (nanoGPT's get_batch); update `step` draws from `new Rng(seed + step)`.
 */
export function corpusBatches(ids: Int32Array, batch: number, length: number, seed: number): LmBatchSource {
  return (step) => {
    const windows = randomWindows(ids, batch, length, new Rng(seed + step));
    return { tokens: windows.inputs, targets: windows.targets, batch, length };
  };
}

/** `batch` fresh examples of a synthetic task per update, scored on their answers only. */
export function taskBatches(task: SequenceTask, batch: number, seed: number): LmBatchSource {
  return (step) => {
    const b = taskBatch(task, new Rng(seed + step), batch);
    return { tokens: b.tokens, targets: b.targets, mask: b.answerMask, batch: b.batch, length: b.length };
  };
}
