import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Rng } from '@hybridssm/core';

const NAMES = ['Anna', 'Brutus', 'Celia', 'Duncan', 'Emilia', 'Falstaff', 'Gertrude', 'Hamlet'];
const VERBS = ['loves', 'fears', 'follows', 'betrays', 'answers', 'remembers'];
const OBJECTS = ['the king', 'the sea', 'a letter', 'the crown', 'her brother', 'the night'];
const ENDINGS = ['.', '!', '?', ', and is silent.'];

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[Math.floor(rng.uniform() * items.length)] as T;
}

/**
 * A play-like text generated from a seed, for smoke runs without downloads: speaker lines
 * ("NAME:\n") followed by sentences of a small grammar, so a model has structure to learn (who speaks,
 * subject–verb–object order, punctuation) in a few updates.
 */
export function syntheticPlay(bytes: number, seed: number): string {
  const rng = new Rng(seed);
  let text = '';
  while (text.length < bytes) {
    text += `${pick(NAMES, rng).toUpperCase()}:\n`;
    const sentences = 1 + Math.floor(rng.uniform() * 3);
    for (let s = 0; s < sentences; s++) text += `${pick(NAMES, rng)} ${pick(VERBS, rng)} ${pick(OBJECTS, rng)}${pick(ENDINGS, rng)}\n`;
    text += '\n';
  }
  return text.slice(0, bytes);
}

/** Writes `syntheticPlay(bytes, seed)` to `path` (creating its folder) and returns the path. */
export function writeSyntheticPlay(path: string, bytes: number, seed: number): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, syntheticPlay(bytes, seed));
  return path;
}
