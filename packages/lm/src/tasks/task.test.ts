import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { taskAccuracy, taskBatch, type SequenceTask, type TaskExample } from './task.js';

/** A task that always returns `example`, to check how taskBatch treats a broken task. */
const fixedTask = (example: TaskExample): SequenceTask => ({
  name: 'fixed',
  vocabSize: 4,
  sequenceLength: 4,
  padToken: 0,
  example: () => example,
  render: (tokens) => tokens.join(' '),
});

describe('taskBatch', () => {
  it('accepts a well-formed task', () => {
    const batch = taskBatch(fixedTask({ tokens: [1, 2, 3, 1], answerPositions: [2] }), new Rng(0), 2);
    expect(Array.from(batch.targets)).toEqual([2, 3, 1, 0, 2, 3, 1, 0]);
    expect(Array.from(batch.answerMask)).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
  });

  it.each([
    [{ tokens: [1, 2, 3], answerPositions: [1] }, 'fixed: example 0 has 3 tokens; expected sequenceLength 4'],
    [{ tokens: [1, 2, 4, 1], answerPositions: [1] }, 'fixed: example 0: tokens[2] must be an integer in [0, 4); got 4'],
    [{ tokens: [1, 2, 3, 1], answerPositions: [] }, 'fixed: example 0 has no answer positions; expected at least 1'],
    [{ tokens: [1, 2, 3, 1], answerPositions: [3] }, 'fixed: example 0: answerPositions[0] must be an integer in [0, 2]; got 3'],
  ])('rejects a broken example %j', (example, message) => {
    expect(() => taskBatch(fixedTask(example), new Rng(0), 1)).toThrow(message);
  });

  it('rejects a batch size below 1', () => {
    const task = fixedTask({ tokens: [1, 2, 3, 1], answerPositions: [2] });
    expect(() => taskBatch(task, new Rng(0), 0)).toThrow('taskBatch: batch must be an integer >= 1; got 0');
  });
});

describe('taskAccuracy', () => {
  it('rejects predictions of the wrong size', () => {
    const batch = taskBatch(fixedTask({ tokens: [1, 2, 3, 1], answerPositions: [2] }), new Rng(0), 2);
    expect(() => taskAccuracy(new Int32Array(7), batch)).toThrow('predictions must have batch·length = 2·4 = 8 ids; got 7');
  });
});
