import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { PHONEBOOK_TOKENS, phonebookEntriesFor, phonebookLengthFor, phonebookTask, type PhonebookConfig } from './phonebook.js';

const config: PhonebookConfig = { entries: 5, queries: 3, nameLength: 2, numberLength: 3 };

/** Reads a phonebook back: the entries' names and numbers, and each lookup with where its digits are. */
function parse(tokens: number[], { entries, queries, nameLength, numberLength }: PhonebookConfig) {
  const { bos, colon, semicolon, query } = PHONEBOOK_TOKENS;
  expect(tokens[0]).toBe(bos);
  let i = 1;
  const take = (count: number) => tokens.slice(i, (i += count)).join(',');
  const expectToken = (token: number) => expect(tokens[i++]).toBe(token);
  const directory = new Map<string, string>();
  for (let e = 0; e < entries; e++) {
    const name = take(nameLength);
    expectToken(colon);
    directory.set(name, take(numberLength));
    expectToken(semicolon);
  }
  const lookups: { name: string; number: string; firstDigit: number }[] = [];
  for (let q = 0; q < queries; q++) {
    expectToken(query);
    const name = take(nameLength);
    expectToken(colon);
    const firstDigit = i;
    lookups.push({ name, number: take(numberLength), firstDigit });
    expectToken(semicolon);
  }
  expect(i).toBe(tokens.length);
  return { directory, lookups };
}

describe('phonebookTask', () => {
  const task = phonebookTask(config);

  it('has distinct names, and every lookup answers with the entry’s number on its scored digits', () => {
    const rng = new Rng(11);
    for (let e = 0; e < 50; e++) {
      const { tokens, answerPositions } = task.example(rng);
      const { directory, lookups } = parse(tokens, config);
      expect(directory.size).toBe(config.entries);
      for (const lookup of lookups) expect(lookup.number).toBe(directory.get(lookup.name));
      const digitPositions = lookups.flatMap(({ firstDigit }) => [0, 1, 2].map((d) => firstDigit + d));
      expect(answerPositions.map((p) => p + 1)).toEqual(digitPositions);
    }
  });

  it('queries different entries across examples', () => {
    const rng = new Rng(4);
    const queried = new Set<string>();
    for (let e = 0; e < 30; e++) {
      const { directory, lookups } = parse(task.example(rng).tokens, config);
      const names = [...directory.keys()];
      for (const lookup of lookups) queried.add(String(names.indexOf(lookup.name)));
    }
    expect(queried.size).toBe(config.entries);
  });

  it('renders as "name:number;" text', () => {
    const text = task.render(task.example(new Rng(1)).tokens);
    expect(text).toMatch(/^\^([a-z]{2}:\d{3}; ){5}(\?[a-z]{2}:\d{3}; ){2}\?[a-z]{2}:\d{3};$/);
  });

  it('uses every distinct name when entries equals 26^nameLength', () => {
    const full = { entries: 26, queries: 1, nameLength: 1, numberLength: 1 };
    const { directory } = parse(phonebookTask(full).example(new Rng(2)).tokens, full);
    expect(directory.size).toBe(26);
  });

  it.each([
    [{ entries: 0 }, 'phonebook: config.entries must be an integer >= 1; got 0'],
    [{ queries: 1.5 }, 'phonebook: config.queries must be an integer >= 1; got 1.5'],
    [{ nameLength: 0 }, 'phonebook: config.nameLength must be an integer >= 1; got 0'],
    [{ numberLength: -1 }, 'phonebook: config.numberLength must be an integer >= 1; got -1'],
    [{ entries: 27, nameLength: 1 }, 'phonebook: config.entries must be <= 26^nameLength = 26 distinct names; got 27'],
  ])('rejects %j', (override, message) => {
    expect(() => phonebookTask({ ...config, ...override })).toThrow(message);
  });
});

describe('phonebookLengthFor / phonebookEntriesFor', () => {
  it('counts BOS, the entries and the lookups', () => {
    expect(phonebookLengthFor(config)).toBe(1 + 5 * 7 + 3 * 8);
    expect(phonebookTask(config).sequenceLength).toBe(phonebookLengthFor(config));
  });

  it('are inverse, and give the most entries that fit 2×, 4×, 8× a trained length', () => {
    for (let entries = 1; entries <= 40; entries++) {
      expect(phonebookEntriesFor(phonebookLengthFor({ ...config, entries }), config)).toBe(entries);
    }
    const trained = phonebookLengthFor(config);
    for (const factor of [2, 4, 8]) {
      const entries = phonebookEntriesFor(factor * trained, config);
      expect(phonebookLengthFor({ ...config, entries })).toBeLessThanOrEqual(factor * trained);
      expect(phonebookLengthFor({ ...config, entries: entries + 1 })).toBeGreaterThan(factor * trained);
    }
  });

  it('reject a target length too short for one entry', () => {
    expect(() => phonebookEntriesFor(31, config)).toThrow('phonebookEntriesFor: targetLength must be an integer >= 32; got 31');
  });
});
