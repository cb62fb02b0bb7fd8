import { readFileSync, writeFileSync } from 'node:fs';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { ByteTokenizer } from './byte-tokenizer.js';
import { CharTokenizer } from './char-tokenizer.js';
import { TOKENIZER_KINDS } from './tokenizer.js';
import type { Tokenizer, TokenizerKind } from './tokenizer.js';

/** The BPE vocabulary buildTokenizer trains to when no vocabSize is given. */
export const DEFAULT_BPE_VOCAB_SIZE = 512;

function isTokenizerKind(value: unknown): value is TokenizerKind {
  return TOKENIZER_KINDS.some((kind) => kind === value);
}

/** The array in `json[field]`, or an error naming the field. */
function arrayField(json: Record<string, unknown>, field: string): unknown[] {
  const value = json[field];
  if (!Array.isArray(value)) throw new Error(`${field} is ${JSON.stringify(value)}; expected an array`);
  return value;
}

function parseTokenizerJson(json: unknown): Tokenizer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`expected an object with kind and version, got ${JSON.stringify(json)}`);
  }
  const fields = json as Record<string, unknown>;
  if (!isTokenizerKind(fields.kind)) {
    throw new Error(`kind is ${JSON.stringify(fields.kind)}; expected one of ${TOKENIZER_KINDS.join(', ')}`);
  }
  if (fields.version !== 1) throw new Error(`version is ${JSON.stringify(fields.version)}; expected 1`);
  switch (fields.kind) {
    case 'byte':
      return new ByteTokenizer();
    case 'char':
      return new CharTokenizer(arrayField(fields, 'codePoints') as number[]);
    case 'bpe':
      return new BpeTokenizer(arrayField(fields, 'merges') as [number, number][]);
  }
}

/** The tokenizer that a `toJSON()` object describes, after checking its kind, version and contents. */
export function tokenizerFromJson(json: unknown): Tokenizer {
  try {
    return parseTokenizerJson(json);
  } catch (error) {
    throw new Error(`tokenizer json: ${(error as Error).message}`);
  }
}

/** Writes `tokenizer.toJSON()` to `path`, the tokenizer.json saved beside a checkpoint. */
export function saveTokenizer(path: string, tokenizer: Tokenizer): void {
  writeFileSync(path, `${JSON.stringify(tokenizer.toJSON())}\n`);
}

/** Reads a tokenizer.json written by saveTokenizer; any problem is one error line naming `path`. */
export function loadTokenizer(path: string): Tokenizer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`tokenizer: no file at ${path}`);
    throw new Error(`tokenizer: cannot read ${path} (${code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`tokenizer: ${path} is not valid JSON (${(error as Error).message}); expected a tokenizer.json`);
  }
  try {
    return parseTokenizerJson(json);
  } catch (error) {
    throw new Error(`tokenizer: ${path}: ${(error as Error).message}`);
  }
}

/**
 * A tokenizer of `kind` for the corpus `text`: bytes need no training, char takes the text's code
 * points, bpe trains to `vocabSize` (default 512). vocabSize is for bpe only; other kinds reject it.
 */
export function buildTokenizer(kind: TokenizerKind, text: string, options: { vocabSize?: number } = {}): Tokenizer {
  if (!isTokenizerKind(kind)) {
    throw new Error(`buildTokenizer: kind is ${JSON.stringify(kind)}; expected one of ${TOKENIZER_KINDS.join(', ')}`);
  }
  if (kind !== 'bpe' && options.vocabSize !== undefined) {
    throw new Error(
      `buildTokenizer: vocabSize ${options.vocabSize} applies to bpe only; a ${kind} tokenizer's vocabulary is fixed by its kind or corpus`,
    );
  }
  switch (kind) {
    case 'byte':
      return new ByteTokenizer();
    case 'char':
      return CharTokenizer.fromText(text);
    case 'bpe':
      return BpeTokenizer.train(text, { vocabSize: options.vocabSize ?? DEFAULT_BPE_VOCAB_SIZE });
  }
}
