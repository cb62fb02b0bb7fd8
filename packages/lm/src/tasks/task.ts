import { ArgumentError, type Rng } from '@hybridssm/core';
import { requireInteger } from './config-checks.js';

/** One generated sequence of a {@link SequenceTask}. */
export interface TaskExample {
  /** The full sequence (prompt and answers), every id in [0, vocabSize). */
  tokens: number[];
  /** Positions i whose NEXT token tokens[i+1] is an answer the model is scored on (loss mask and accuracy). */
  answerPositions: number[];
}

/**
 * A synthetic sequence task (Phonebook, MQAR, selective copying, induction heads…) that generates token-id
 * sequences from a seeded {@link Rng}, for training and evaluating next-token language models.
 */
export interface SequenceTask {
  /** e.g. 'phonebook', 'mqar', 'selective-copy', 'induction' */
  readonly name: string;
  readonly vocabSize: number;
  /** Every example has exactly this many tokens. */
  readonly sequenceLength: number;
  /** The padding id: the target after the last position of a {@link TaskBatch}. */
  readonly padToken: number;
  /** Draws one example; the same generator state gives the same example. */
  example(rng: Rng): TaskExample;
  /** A human-readable rendering of a sequence (for the CLI demo and generation). */
  render(tokens: readonly number[]): string;
}

/** A batch of examples as plain row-major typed arrays, so the caller decides when to make tensors. */
export interface TaskBatch {
  /** [batch, length] token ids */
  tokens: Int32Array;
  /** [batch, length] 1 where the next token is scored, else 0 */
  answerMask: Float32Array;
  /** [batch, length] the tokens shifted left by one; the last of each row is the task's PAD */
  targets: Int32Array;
  batch: number;
  length: number;
}

/** Next-token accuracy of a model on the answers of a {@link TaskBatch}. */
export interface TaskAccuracy {
  /** Fraction of answer positions predicted right. */
  answerAccuracy: number;
  /** Fraction of examples with every answer predicted right. */
  exampleAccuracy: number;
}

function checkExample(task: SequenceTask, index: number, example: TaskExample): void {
  const where = `${task.name}: example ${index}`;
  if (example.tokens.length !== task.sequenceLength) {
    throw new ArgumentError(`${where} has ${example.tokens.length} tokens; expected sequenceLength ${task.sequenceLength}`);
  }
  example.tokens.forEach((token, i) => {
    if (!Number.isInteger(token) || token < 0 || token >= task.vocabSize) {
      throw new ArgumentError(`${where}: tokens[${i}] must be an integer in [0, ${task.vocabSize}); got ${token}`);
    }
  });
  if (example.answerPositions.length === 0) throw new ArgumentError(`${where} has no answer positions; expected at least 1`);
  example.answerPositions.forEach((position, i) => {
    if (!Number.isInteger(position) || position < 0 || position > task.sequenceLength - 2) {
      throw new ArgumentError(`${where}: answerPositions[${i}] must be an integer in [0, ${task.sequenceLength - 2}]; got ${position}`);
    }
  });
}

/** Draws `batch` examples of `task` in order from `rng` and lays them out as a {@link TaskBatch}. */
export function taskBatch(task: SequenceTask, rng: Rng, batch: number): TaskBatch {
  requireInteger('taskBatch: batch', batch, 1);
  const length = task.sequenceLength;
  const tokens = new Int32Array(batch * length);
  const answerMask = new Float32Array(batch * length);
  const targets = new Int32Array(batch * length);
  for (let b = 0; b < batch; b++) {
    const example = task.example(rng);
    checkExample(task, b, example);
    const row = b * length;
    tokens.set(example.tokens, row);
    targets.set(example.tokens.slice(1), row);
    targets[row + length - 1] = task.padToken;
    for (const position of example.answerPositions) answerMask[row + position] = 1;
  }
  return { tokens, answerMask, targets, batch, length };
}

/**
 * Scores predicted next-token ids `predictions` ([batch, length] row-major, e.g. the argmax of the logits)
 * against the targets of `batch` at its answer positions.
 */
export function taskAccuracy(predictions: Int32Array, batch: TaskBatch): TaskAccuracy {
  if (predictions.length !== batch.batch * batch.length) {
    throw new ArgumentError(
      `taskAccuracy: predictions must have batch·length = ${batch.batch}·${batch.length} = ${batch.batch * batch.length} ids; got ${predictions.length}`,
    );
  }
  let answers = 0;
  let correctAnswers = 0;
  let correctExamples = 0;
  for (let b = 0; b < batch.batch; b++) {
    let allCorrect = true;
    for (let i = b * batch.length; i < (b + 1) * batch.length; i++) {
      if (batch.answerMask[i] !== 1) continue;
      answers++;
      if (predictions[i] === batch.targets[i]) correctAnswers++;
      else allCorrect = false;
    }
    if (allCorrect) correctExamples++;
  }
  if (answers === 0) throw new ArgumentError('taskAccuracy: batch.answerMask has no answer positions; expected at least 1');
  return { answerAccuracy: correctAnswers / answers, exampleAccuracy: correctExamples / batch.batch };
}
