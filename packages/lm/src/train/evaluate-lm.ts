import * as tf from '@tensorflow/tfjs';
import { Rng } from '@hybridssm/core';
import type { LanguageModel } from '../models/language-model.js';
import { taskAccuracy, taskBatch } from '../tasks/task.js';
import type { SequenceTask, TaskAccuracy } from '../tasks/task.js';
import { batchTensors, corpusBatches } from './lm-batch.js';

export interface CorpusMetrics {
  /** mean next-token cross-entropy, nats */
  loss: number;
  perplexity: number;
  /** loss in bits per byte of text: loss / ln 2 × tokens / bytes (comparable across tokenizers) */
  bitsPerByte: number;
}

/**
 * Loss, perplexity and bits per byte on `windows` windows of `length` tokens drawn from a held-out token
 * stream with a fixed seed (the same windows for every model), `batch` at a time, no gradients.
 */
export async function evaluateCorpus(
  model: LanguageModel,
  ids: Int32Array,
  options: { windows: number; length: number; batch: number; bytesPerToken: number; seed?: number },
): Promise<CorpusMetrics> {
  const batches = Math.ceil(options.windows / options.batch);
  const source = corpusBatches(ids, options.batch, options.length, options.seed ?? 12345);
  let total = 0;
  for (let i = 0; i < batches; i++) {
    const loss = tf.tidy(() => {
      const { tokens, targets } = batchTensors(source(i));
      return model.loss(tokens, targets);
    });
    total += (await loss.data())[0] as number;
    loss.dispose();
  }
  const loss = total / batches;
  return { loss, perplexity: Math.exp(loss), bitsPerByte: loss / Math.LN2 / options.bytesPerToken };
}

/**
 * Next-token accuracy on a synthetic task's answers (greedy: the argmax at every answer position, the
 * context teacher-forced), over `examples` examples drawn from `new Rng(seed)`.
 */
export async function evaluateTask(model: LanguageModel, task: SequenceTask, options: { examples: number; batch: number; seed: number }): Promise<TaskAccuracy> {
  const rng = new Rng(options.seed);
  let answers = 0;
  let answerRight = 0;
  let examples = 0;
  let examplesRight = 0;
  for (let done = 0; done < options.examples; done += options.batch) {
    const size = Math.min(options.batch, options.examples - done);
    const batch = taskBatch(task, rng, size);
    const predicted = tf.tidy(() => tf.argMax(model.apply(tf.tensor2d(batch.tokens, [size, batch.length], 'int32')), -1));
    const ids = new Int32Array(await predicted.data());
    predicted.dispose();
    const accuracy = taskAccuracy(ids, batch);
    const scored = batch.answerMask.reduce((sum, m) => sum + m, 0);
    answers += scored;
    answerRight += accuracy.answerAccuracy * scored;
    examples += size;
    examplesRight += accuracy.exampleAccuracy * size;
  }
  return { answerAccuracy: answerRight / answers, exampleAccuracy: examplesRight / examples };
}
