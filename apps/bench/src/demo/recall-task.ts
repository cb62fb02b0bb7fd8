import * as tf from '@tensorflow/tfjs';
import { Rng } from '@hybridssm/core';

/**
 * Multi-query associative recall (Zoology's MQAR, Arora et al. 2023): `pairs` key→value pairs, then
 * `queries` of the keys, each followed by its value. A model must look a key up in its context, which
 * attention does directly and a fixed-size state must compress: the task behind the paper's phonebook.
 * Keys are tokens 0…keys−1, values keys…keys+values−1.
 */
export interface RecallTask {
  keys: number;
  values: number;
  pairs: number;
  queries: number;
}

export const DEMO_TASK: RecallTask = { keys: 16, values: 16, pairs: 6, queries: 4 };

export const vocabSize = (task: RecallTask) => task.keys + task.values;
export const sequenceLength = (task: RecallTask) => 2 * (task.pairs + task.queries);

/** Token → printable symbol: keys a, b, c…, values A, B, C…. */
export function symbol(task: RecallTask, token: number): string {
  return token < task.keys ? String.fromCharCode(97 + token) : String.fromCharCode(65 + token - task.keys);
}

export interface RecallBatch {
  /** [b, L] int32 */
  tokens: tf.Tensor;
  /** [b, Q] positions whose next token is an answer (the query keys) */
  queryPositions: number[][];
  /** [b, Q] the answers */
  answers: number[][];
}

/** One example: distinct keys with random values, then queries of some of those keys. */
export function recallExample(task: RecallTask, rng: Rng): { tokens: number[]; queryPositions: number[]; answers: number[] } {
  const chosen = rng.permutation(task.keys).slice(0, task.pairs);
  const valueOf = new Map(chosen.map((k) => [k, task.keys + Math.floor(rng.uniform() * task.values)]));
  const tokens = chosen.flatMap((k) => [k, valueOf.get(k) as number]);
  const queryPositions: number[] = [];
  const answers: number[] = [];
  for (let q = 0; q < task.queries; q++) {
    const key = chosen[Math.floor(rng.uniform() * chosen.length)] as number;
    queryPositions.push(tokens.length);
    answers.push(valueOf.get(key) as number);
    tokens.push(key, valueOf.get(key) as number);
  }
  return { tokens, queryPositions, answers };
}

export function recallBatch(task: RecallTask, rng: Rng, batch: number): RecallBatch {
  const examples = Array.from({ length: batch }, () => recallExample(task, rng));
  return {
    tokens: tf.tensor2d(examples.map((e) => e.tokens), [batch, sequenceLength(task)], 'int32'),
    queryPositions: examples.map((e) => e.queryPositions),
    answers: examples.map((e) => e.answers),
  };
}
