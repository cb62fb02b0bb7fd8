import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { INDUCTION_TOKENS, inductionTask, type InductionConfig } from './induction.js';

const config: InductionConfig = { length: 12, tokens: 5 };
const { trigger } = INDUCTION_TOKENS;

describe('inductionTask', () => {
  const task = inductionTask(config);

  it('has PAD, the trigger and the ordinary tokens', () => {
    expect([task.sequenceLength, task.vocabSize, task.padToken]).toEqual([12, 7, 0]);
  });

  it('answers the final trigger with the token after the first one', () => {
    const rng = new Rng(3);
    const firstTriggers = new Set<number>();
    for (let e = 0; e < 100; e++) {
      const { tokens, answerPositions } = task.example(rng);
      const triggers = tokens.flatMap((token, i) => (token === trigger ? [i] : []));
      expect(triggers).toHaveLength(2);
      const [first, second] = triggers as [number, number];
      expect(second).toBe(config.length - 2);
      expect(answerPositions).toEqual([second]);
      expect(tokens[second + 1]).toBe(tokens[first + 1]);
      firstTriggers.add(first);
    }
    expect([...firstTriggers].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('renders the trigger as * and ordinary tokens as letters, or ids past 26', () => {
    expect(task.render([2, 1, 6, 0])).toBe('a*e_');
    expect(inductionTask({ ...config, tokens: 27 }).render([2, 1, 28])).toBe('t0 * t26');
  });

  it.each([
    [{ length: 3 }, 'induction: config.length must be an integer >= 4; got 3'],
    [{ tokens: 0 }, 'induction: config.tokens must be an integer >= 1; got 0'],
  ])('rejects %j', (override, message) => {
    expect(() => inductionTask({ ...config, ...override })).toThrow(message);
  });
});
