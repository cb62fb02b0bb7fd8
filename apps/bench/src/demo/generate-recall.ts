import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@hybridssm/core';
import { recallExample, symbol } from './recall-task.js';
import type { RecallTask } from './recall-task.js';
import type { RecallModel } from './recall-model.js';

export interface Generation {
  prompt: string;
  generated: string;
  expected: string;
  /** max |logits(step) − logits(apply)| / max |logits(apply)| over the prompt */
  stepVsApply: number;
}

/**
 * Recurrent generation: feeds a recall prompt (its pairs and its first query key) token by token
 * through `step` with the stack's caches, then decodes the answer greedily. Also measures how far the
 * step logits are from the full-sequence forward on the same prompt.
 */
export async function generateRecall(model: RecallModel, task: RecallTask, rng: Rng): Promise<Generation> {
  const example = recallExample(task, rng);
  const promptTokens = example.tokens.slice(0, (example.queryPositions[0] as number) + 1);
  const cache = model.stack.initCache(1, promptTokens.length + 1);
  const stepLogits: tf.Tensor[] = promptTokens.map((token) => tf.tidy(() => model.step(tf.tensor1d([token], 'int32'), cache)));
  const last = stepLogits.at(-1) as tf.Tensor;
  const argMax = tf.argMax(last, -1);
  const answer = (await argMax.data())[0] as number;
  argMax.dispose();
  const full = tf.tidy(() => tf.squeeze(model.apply(tf.tensor2d([promptTokens], [1, promptTokens.length], 'int32')), [0]));
  const stepped = tf.concat(stepLogits, 0);
  const [fullValues, steppedValues] = [await full.data(), await stepped.data()];
  let maxDiff = 0;
  let maxRef = 0;
  fullValues.forEach((v, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(v - (steppedValues[i] as number)));
    maxRef = Math.max(maxRef, Math.abs(v));
  });
  tf.dispose([...stepLogits, full, stepped]);
  cache.dispose();
  const pairs = promptTokens.slice(0, 2 * task.pairs);
  const prompt = `${Array.from({ length: task.pairs }, (_, i) => `${symbol(task, pairs[2 * i] as number)}→${symbol(task, pairs[2 * i + 1] as number)}`).join(' ')} | ${symbol(task, promptTokens.at(-1) as number)}?`;
  return { prompt, generated: symbol(task, answer), expected: symbol(task, example.answers[0] as number), stepVsApply: maxDiff / maxRef };
}
