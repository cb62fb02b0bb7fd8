import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { mqarTask, type MqarConfig } from './mqar.js';

const config: MqarConfig = { keys: 10, values: 5, pairs: 6, queries: 8 };

describe('mqarTask', () => {
  const task = mqarTask(config);

  it('uses keys 0…keys−1, values after them, and PAD last', () => {
    expect([task.vocabSize, task.padToken, task.sequenceLength]).toEqual([16, 15, 28]);
  });

  it('pairs distinct keys with values, and answers each query with its pair’s value', () => {
    const rng = new Rng(9);
    for (let e = 0; e < 50; e++) {
      const { tokens, answerPositions } = task.example(rng);
      const valueOf = new Map<number, number>();
      for (let p = 0; p < config.pairs; p++) {
        const [key, value] = [tokens[2 * p] as number, tokens[2 * p + 1] as number];
        expect(key).toBeLessThan(config.keys);
        expect(value >= config.keys && value < config.keys + config.values).toBe(true);
        expect(valueOf.has(key)).toBe(false);
        valueOf.set(key, value);
      }
      expect(answerPositions).toEqual(Array.from({ length: config.queries }, (_, q) => 2 * (config.pairs + q)));
      for (const p of answerPositions) expect(tokens[p + 1]).toBe(valueOf.get(tokens[p] as number));
    }
  });

  it('renders keys lowercase and values uppercase, or ids past 26', () => {
    expect(task.render([0, 10, 9, 14, 15])).toBe('a A j E _');
    expect(mqarTask({ ...config, keys: 30, values: 27 }).render([0, 29, 30, 56])).toBe('k0 k29 v0 v26');
  });

  it.each([
    [{ keys: 0 }, 'mqar: config.keys must be an integer >= 1; got 0'],
    [{ values: 0 }, 'mqar: config.values must be an integer >= 1; got 0'],
    [{ pairs: 2.5 }, 'mqar: config.pairs must be an integer >= 1; got 2.5'],
    [{ queries: 0 }, 'mqar: config.queries must be an integer >= 1; got 0'],
    [{ pairs: 11 }, 'mqar: config.pairs must be <= config.keys = 10 distinct keys; got 11'],
  ])('rejects %j', (override, message) => {
    expect(() => mqarTask({ ...config, ...override })).toThrow(message);
  });
});
