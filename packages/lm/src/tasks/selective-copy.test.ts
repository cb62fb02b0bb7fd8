import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { SELECTIVE_COPY_TOKENS, selectiveCopyTask, type SelectiveCopyConfig } from './selective-copy.js';

const config: SelectiveCopyConfig = { length: 20, count: 4, dataTokens: 6 };
const { blank, separator, firstData } = SELECTIVE_COPY_TOKENS;

describe('selectiveCopyTask', () => {
  const task = selectiveCopyTask(config);

  it('has the region, a separator and the answers', () => {
    expect([task.sequenceLength, task.vocabSize]).toEqual([25, 9]);
  });

  it('answers with the scattered data tokens in order, after the separator', () => {
    const rng = new Rng(6);
    const layouts = new Set<string>();
    for (let e = 0; e < 50; e++) {
      const { tokens, answerPositions } = task.example(rng);
      const region = tokens.slice(0, config.length);
      const data = region.filter((token) => token !== blank);
      expect(data).toHaveLength(config.count);
      for (const token of data) expect(token >= firstData && token < task.vocabSize).toBe(true);
      expect(tokens[config.length]).toBe(separator);
      expect(tokens.slice(config.length + 1)).toEqual(data);
      expect(answerPositions).toEqual([20, 21, 22, 23]);
      layouts.add(region.map((token) => token === blank).join());
    }
    expect(layouts.size).toBeGreaterThan(40);
  });

  it('renders blanks, the separator and data letters', () => {
    expect(task.render([1, 3, 1, 8, 2, 3, 8, 0])).toBe('.a.f|af_');
  });

  it.each([
    [{ length: 0 }, 'selective-copy: config.length must be an integer >= 1; got 0'],
    [{ count: 0 }, 'selective-copy: config.count must be an integer >= 1; got 0'],
    [{ dataTokens: 0 }, 'selective-copy: config.dataTokens must be an integer >= 1; got 0'],
    [{ count: 21 }, 'selective-copy: config.count must be <= config.length = 20; got 21'],
  ])('rejects %j', (override, message) => {
    expect(() => selectiveCopyTask({ ...config, ...override })).toThrow(message);
  });
});
