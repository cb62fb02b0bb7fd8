import { ArgumentError, type Rng } from '@hybridssm/core';
import { requireInteger } from './config-checks.js';
import { randomIndex } from './random-index.js';
import type { SequenceTask, TaskExample } from './task.js';
import { alphabetSymbol, renderTokens } from './token-symbols.js';

/**
 * Multi-query associative recall (Zoology's MQAR, Arora et al. 2023): `pairs` key → value pairs with distinct
 * keys, then `queries` keys drawn uniformly from those pairs, each followed by its value. Attention looks a key
 * up directly; a fixed-size recurrent state must compress the pairs.
 *
 * Token layout: keys 0…keys−1, values keys…keys+values−1 (disjoint ranges, as in the bench demo's recall task),
 * PAD = keys+values. Sequence: k v k v … (the pairs), then q v q v … (the queries); length 2·(pairs+queries),
 * no padding. Answers: the value after each queried key (positions of the query keys).
 */
export interface MqarConfig {
  /** size of the key alphabet */
  keys: number;
  /** size of the value alphabet */
  values: number;
  pairs: number;
  queries: number;
}

/** The bench demo's recall task: 16 keys, 16 values, 6 pairs, 4 queries. */
export const DEFAULT_MQAR_CONFIG: MqarConfig = { keys: 16, values: 16, pairs: 6, queries: 4 };

/** An MQAR task (see {@link MqarConfig}); throws naming the config field that is out of range. */
export function mqarTask(config: MqarConfig): SequenceTask {
  const { keys, values, pairs, queries } = config;
  requireInteger('mqar: config.keys', keys, 1);
  requireInteger('mqar: config.values', values, 1);
  requireInteger('mqar: config.pairs', pairs, 1);
  requireInteger('mqar: config.queries', queries, 1);
  if (pairs > keys) throw new ArgumentError(`mqar: config.pairs must be <= config.keys = ${keys} distinct keys; got ${pairs}`);
  const pad = keys + values;
  const vocabSize = pad + 1;

  function example(rng: Rng): TaskExample {
    const chosen = rng.permutation(keys).slice(0, pairs);
    const valueOf = chosen.map(() => keys + randomIndex(rng, values));
    const tokens = chosen.flatMap((key, p) => [key, valueOf[p] as number]);
    const answerPositions: number[] = [];
    for (let q = 0; q < queries; q++) {
      const p = randomIndex(rng, pairs);
      answerPositions.push(tokens.length);
      tokens.push(chosen[p] as number, valueOf[p] as number);
    }
    return { tokens, answerPositions };
  }

  const symbolOf = (token: number): string => {
    if (token === pad) return '_';
    return token < keys ? alphabetSymbol(token, keys, 'a', 'k') : alphabetSymbol(token - keys, values, 'A', 'v');
  };

  return {
    name: 'mqar',
    vocabSize,
    sequenceLength: 2 * (pairs + queries),
    padToken: pad,
    example,
    render: (tokens) => renderTokens('mqar', tokens, vocabSize, symbolOf, ' '),
  };
}
