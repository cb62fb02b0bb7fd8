import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { makeTask, TASK_NAMES } from './registry.js';
import { taskAccuracy, taskBatch } from './task.js';

describe.each(TASK_NAMES)('the %s task', (name) => {
  const task = makeTask(name);

  it('gives the same batch for the same seed and a different one for another seed', () => {
    const a = taskBatch(task, new Rng(7), 4);
    const b = taskBatch(task, new Rng(7), 4);
    const c = taskBatch(task, new Rng(8), 4);
    expect(b).toEqual(a);
    expect(c.tokens).not.toEqual(a.tokens);
  });

  it('draws examples of exactly sequenceLength ids in [0, vocabSize) with answers inside the sequence', () => {
    const rng = new Rng(1);
    for (let e = 0; e < 20; e++) {
      const { tokens, answerPositions } = task.example(rng);
      expect(tokens).toHaveLength(task.sequenceLength);
      for (const token of tokens) expect(Number.isInteger(token) && token >= 0 && token < task.vocabSize).toBe(true);
      expect(answerPositions.length).toBeGreaterThan(0);
      for (const p of answerPositions) expect(p >= 0 && p <= task.sequenceLength - 2).toBe(true);
    }
  });

  it('lays a batch out with targets shifted left by one (PAD last) and the mask on the answer positions', () => {
    const batch = taskBatch(task, new Rng(3), 3);
    const rng = new Rng(3);
    const expected = [0, 1, 2].map(() => task.example(rng));
    const L = task.sequenceLength;
    expect([batch.batch, batch.length]).toEqual([3, L]);
    expected.forEach((example, b) => {
      const row = (array: Int32Array | Float32Array) => Array.from(array.subarray(b * L, (b + 1) * L));
      expect(row(batch.tokens)).toEqual(example.tokens);
      expect(row(batch.targets)).toEqual([...example.tokens.slice(1), task.padToken]);
      const mask = new Array<number>(L).fill(0);
      for (const p of example.answerPositions) mask[p] = 1;
      expect(row(batch.answerMask)).toEqual(mask);
    });
  });

  it('scores the true next tokens 1, all-PAD predictions 0, and one wrong answer as partly right', () => {
    const batch = taskBatch(task, new Rng(5), 4);
    expect(taskAccuracy(batch.targets, batch)).toEqual({ answerAccuracy: 1, exampleAccuracy: 1 });
    expect(taskAccuracy(new Int32Array(batch.targets.length).fill(task.padToken), batch)).toEqual({
      answerAccuracy: 0,
      exampleAccuracy: 0,
    });
    const predictions = batch.targets.slice();
    const wrong = batch.answerMask.indexOf(1);
    predictions[wrong] = task.padToken;
    const answers = batch.answerMask.reduce((sum, m) => sum + m, 0);
    expect(taskAccuracy(predictions, batch)).toEqual({ answerAccuracy: (answers - 1) / answers, exampleAccuracy: 3 / 4 });
  });

  it('renders a sequence and rejects ids outside the vocabulary', () => {
    const { tokens } = task.example(new Rng(2));
    expect(task.render(tokens).length).toBeGreaterThan(0);
    expect(() => task.render([...tokens.slice(0, 3), task.vocabSize])).toThrow(
      `${name}.render: tokens[3] must be an integer in [0, ${task.vocabSize}); got ${task.vocabSize}`,
    );
  });
});
