import type { Rng } from '@hybridssm/core';
import { requireInteger } from './config-checks.js';
import { randomIndex } from './random-index.js';
import type { SequenceTask, TaskExample } from './task.js';
import { alphabetSymbol, renderTokens } from './token-symbols.js';

/**
 * Induction heads (Olsson et al. 2022; the Mamba paper §4.1.2, Gu & Dao 2023): random tokens in which a special
 * trigger token appears once, followed by a target token; the sequence ends with the trigger again and the
 * model must recall the target ("… T x … T → x").
 *
 * Token layout: 0 PAD, 1 trigger, ordinary tokens 2…2+tokens−1. Sequence of `length` tokens: ordinary tokens
 * except the trigger at a uniform position p in [0, length−4] and at length−2, with tokens[length−1] =
 * tokens[p+1] (the target); no padding. Answer: the last token (position length−2, the second trigger).
 */
export interface InductionConfig {
  /** sequence length, ≥ 4 */
  length: number;
  /** size of the ordinary-token alphabet */
  tokens: number;
}

/** The Mamba paper's training setting: vocabulary 16, sequence length 256. */
export const DEFAULT_INDUCTION_CONFIG: InductionConfig = { length: 256, tokens: 14 };

/** The ids of the induction-heads vocabulary (see {@link InductionConfig}). */
export const INDUCTION_TOKENS = { pad: 0, trigger: 1, firstOrdinary: 2 } as const;

/** An induction-heads task (see {@link InductionConfig}); throws naming the config field that is out of range. */
export function inductionTask(config: InductionConfig): SequenceTask {
  const { length, tokens: alphabet } = config;
  requireInteger('induction: config.length', length, 4);
  requireInteger('induction: config.tokens', alphabet, 1);
  const { pad, trigger, firstOrdinary } = INDUCTION_TOKENS;
  const vocabSize = firstOrdinary + alphabet;

  function example(rng: Rng): TaskExample {
    const tokens = Array.from({ length }, () => firstOrdinary + randomIndex(rng, alphabet));
    const first = randomIndex(rng, length - 3);
    tokens[first] = trigger;
    tokens[length - 2] = trigger;
    tokens[length - 1] = tokens[first + 1] as number;
    return { tokens, answerPositions: [length - 2] };
  }

  const symbolOf = (token: number): string =>
    token >= firstOrdinary ? alphabetSymbol(token - firstOrdinary, alphabet, 'a', 't') : (['_', '*'][token] as string);

  return {
    name: 'induction',
    vocabSize,
    sequenceLength: length,
    padToken: pad,
    example,
    render: (tokens) => renderTokens('induction', tokens, vocabSize, symbolOf, alphabet <= 26 ? '' : ' '),
  };
}
