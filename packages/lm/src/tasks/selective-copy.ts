import { ArgumentError, type Rng } from '@hybridssm/core';
import { requireInteger } from './config-checks.js';
import { randomIndex } from './random-index.js';
import type { SequenceTask, TaskExample } from './task.js';
import { alphabetSymbol, renderTokens } from './token-symbols.js';

/**
 * Selective copying (Gu & Dao 2023, the Mamba paper §4.1.1): `count` data tokens scattered at random positions
 * of a `length`-token region of blanks, then a separator, then the data tokens again in order. Unlike plain
 * copying, the spacing varies, so a model must select by content, not by a fixed time offset.
 *
 * Token layout: 0 PAD, 1 blank, 2 separator, data 3…3+dataTokens−1. Sequence: the region (length tokens),
 * the separator, the `count` data tokens; length `length`+1+`count`, no padding. Answers: the `count` data
 * tokens after the separator (positions from the separator to the next-to-last token).
 */
export interface SelectiveCopyConfig {
  /** tokens in the region holding the scattered data */
  length: number;
  /** data tokens to copy */
  count: number;
  /** size of the data alphabet */
  dataTokens: number;
}

/** A small setting; vocabulary 16 as in the Mamba paper (which uses 16 data tokens in a 4096-token region). */
export const DEFAULT_SELECTIVE_COPY_CONFIG: SelectiveCopyConfig = { length: 256, count: 16, dataTokens: 13 };

/** The ids of the selective-copying vocabulary (see {@link SelectiveCopyConfig}). */
export const SELECTIVE_COPY_TOKENS = { pad: 0, blank: 1, separator: 2, firstData: 3 } as const;

/** A selective-copying task (see {@link SelectiveCopyConfig}); throws naming the config field that is out of range. */
export function selectiveCopyTask(config: SelectiveCopyConfig): SequenceTask {
  const { length, count, dataTokens } = config;
  requireInteger('selective-copy: config.length', length, 1);
  requireInteger('selective-copy: config.count', count, 1);
  requireInteger('selective-copy: config.dataTokens', dataTokens, 1);
  if (count > length) throw new ArgumentError(`selective-copy: config.count must be <= config.length = ${length}; got ${count}`);
  const { pad, blank, separator, firstData } = SELECTIVE_COPY_TOKENS;
  const vocabSize = firstData + dataTokens;

  function example(rng: Rng): TaskExample {
    const positions = rng
      .permutation(length)
      .slice(0, count)
      .sort((a, b) => a - b);
    const data = positions.map(() => firstData + randomIndex(rng, dataTokens));
    const tokens = new Array<number>(length).fill(blank);
    positions.forEach((position, i) => (tokens[position] = data[i] as number));
    tokens.push(separator, ...data);
    return { tokens, answerPositions: Array.from({ length: count }, (_, i) => length + i) };
  }

  const symbolOf = (token: number): string =>
    token >= firstData ? alphabetSymbol(token - firstData, dataTokens, 'a', 't') : (['_', '.', '|'][token] as string);

  return {
    name: 'selective-copy',
    vocabSize,
    sequenceLength: length + 1 + count,
    padToken: pad,
    example,
    render: (tokens) => renderTokens('selective-copy', tokens, vocabSize, symbolOf, dataTokens <= 26 ? '' : ' '),
  };
}
