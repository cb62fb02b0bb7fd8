import { ArgumentError, type Rng } from '@hybridssm/core';
import { requireInteger } from './config-checks.js';
import { randomIndex } from './random-index.js';
import type { SequenceTask, TaskExample } from './task.js';
import { renderTokens } from './token-symbols.js';

/**
 * Phonebook (Jelassi et al. 2024, "Repeat After Me"), the long-context recall task Waleffe et al. 2024 use to
 * compare Transformers, Mamba-2 and Mamba-2-Hybrid: a list of name → phone-number entries, then lookups.
 *
 * Token layout (41 ids): 0 PAD, 1 BOS, 2 ':', 3 ';', 4 '?', 5–14 the digits 0–9, 15–40 the letters a–z.
 * Sequence: BOS, `entries` × [name… ':' number… ';'], then `queries` × ['?' name… ':' number… ';'];
 * names are `nameLength` letters (distinct within an example), numbers `numberLength` digits, and each queried
 * name is drawn uniformly from the entries. Length: see {@link phonebookLengthFor}; no padding is needed.
 * Answers: all `numberLength` digits of each queried number (positions from the query's ':' to its
 * next-to-last digit).
 */
export interface PhonebookConfig {
  entries: number;
  queries: number;
  nameLength: number;
  numberLength: number;
}

/** The ids of the phonebook vocabulary (see {@link PhonebookConfig}). */
export const PHONEBOOK_TOKENS = { pad: 0, bos: 1, colon: 2, semicolon: 3, query: 4, firstDigit: 5, firstLetter: 15 } as const;

/** A small default: 8 entries of 3-letter names and 4-digit numbers, 2 lookups (93 tokens). */
export const DEFAULT_PHONEBOOK_CONFIG: PhonebookConfig = { entries: 8, queries: 2, nameLength: 3, numberLength: 4 };

const VOCAB_SIZE = PHONEBOOK_TOKENS.firstLetter + 26;

function checkShape(config: Omit<PhonebookConfig, 'entries'>): void {
  requireInteger('phonebook: config.queries', config.queries, 1);
  requireInteger('phonebook: config.nameLength', config.nameLength, 1);
  requireInteger('phonebook: config.numberLength', config.numberLength, 1);
}

/** Tokens of one directory entry `name : number ;`. */
const entryLength = (config: Omit<PhonebookConfig, 'entries'>) => config.nameLength + config.numberLength + 2;

/** Tokens before and after the entries: BOS and the lookups `? name : number ;`. */
const fixedLength = (config: Omit<PhonebookConfig, 'entries'>) => 1 + config.queries * (entryLength(config) + 1);

/** The sequence length of a phonebook: 1 + entries·(nameLength+numberLength+2) + queries·(nameLength+numberLength+3). */
export function phonebookLengthFor(config: PhonebookConfig): number {
  checkShape(config);
  requireInteger('phonebook: config.entries', config.entries, 1);
  return fixedLength(config) + config.entries * entryLength(config);
}

/**
 * The most entries whose phonebook fits in `targetLength` tokens (the inverse of {@link phonebookLengthFor}),
 * e.g. to evaluate at 2×, 4×, 8× the trained context length.
 */
export function phonebookEntriesFor(targetLength: number, config: Omit<PhonebookConfig, 'entries'>): number {
  checkShape(config);
  const minimum = fixedLength(config) + entryLength(config);
  requireInteger('phonebookEntriesFor: targetLength', targetLength, minimum);
  return Math.floor((targetLength - fixedLength(config)) / entryLength(config));
}

/** A Phonebook task (see {@link PhonebookConfig}); throws naming the config field that is out of range. */
export function phonebookTask(config: PhonebookConfig): SequenceTask {
  const sequenceLength = phonebookLengthFor(config);
  const { entries, queries, nameLength, numberLength } = config;
  if (entries > 26 ** nameLength) {
    throw new ArgumentError(`phonebook: config.entries must be <= 26^nameLength = ${26 ** nameLength} distinct names; got ${entries}`);
  }
  const { bos, colon, semicolon, query, firstDigit, firstLetter } = PHONEBOOK_TOKENS;
  const randomTokens = (rng: Rng, count: number, first: number, size: number) =>
    Array.from({ length: count }, () => first + randomIndex(rng, size));

  function example(rng: Rng): TaskExample {
    const names: number[][] = [];
    const seen = new Set<string>();
    while (names.length < entries) {
      const name = randomTokens(rng, nameLength, firstLetter, 26);
      const key = name.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(name);
    }
    const numbers = names.map(() => randomTokens(rng, numberLength, firstDigit, 10));
    const tokens: number[] = [bos];
    names.forEach((name, e) => tokens.push(...name, colon, ...(numbers[e] as number[]), semicolon));
    const answerPositions: number[] = [];
    for (let q = 0; q < queries; q++) {
      const e = randomIndex(rng, entries);
      tokens.push(query, ...(names[e] as number[]), colon);
      for (const digit of numbers[e] as number[]) {
        answerPositions.push(tokens.length - 1);
        tokens.push(digit);
      }
      tokens.push(semicolon);
    }
    return { tokens, answerPositions };
  }

  const symbolOf = (token: number): string => {
    if (token >= firstLetter) return String.fromCharCode(97 + token - firstLetter);
    if (token >= firstDigit) return String(token - firstDigit);
    return ['_', '^', ':', '; ', '?'][token] as string;
  };

  return {
    name: 'phonebook',
    vocabSize: VOCAB_SIZE,
    sequenceLength,
    padToken: PHONEBOOK_TOKENS.pad,
    example,
    render: (tokens) => renderTokens('phonebook', tokens, VOCAB_SIZE, symbolOf, '').trimEnd(),
  };
}
