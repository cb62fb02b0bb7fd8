import { readFileSync } from 'node:fs';
import type { Rng } from '@hybridssm/core';
import { decodeUtf8 } from '../tokenizers/tokenizer.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';

/** A text file and its split by position into training and validation bytes. */
export interface TextCorpus {
  path: string;
  /** The whole file as text (invalid UTF-8 as U+FFFD). */
  text: string;
  /** The whole file. */
  bytes: Uint8Array;
  /** The first bytes of the file, about 1 − validationFraction of it. */
  train: Uint8Array;
  /** The bytes after train, to the end of the file. */
  validation: Uint8Array;
}

export interface TextCorpusOptions {
  /** The share of the file, at its end, held out for validation; default 0.1. */
  validationFraction?: number;
}

/** Token windows and their next-token targets, row-major [count, length]. */
export interface TokenWindows {
  inputs: Int32Array;
  targets: Int32Array;
}

/** How much of the file's start the text check reads. */
const SNIFF_BYTES = 64 * 1024;
/** The largest share of invalid UTF-8 bytes a text file may have in its first 64 KiB. */
const MAX_INVALID_UTF8_SHARE = 0.1;

/**
 * How many bytes are not part of a well-formed UTF-8 sequence. With `endIsCut` a sequence that the
 * end of `bytes` interrupts is not counted, as the file goes on past it.
 */
function invalidUtf8Bytes(bytes: Uint8Array, endIsCut: boolean): number {
  let invalid = 0;
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    // The sequence length and the allowed range of its second byte (Unicode table 3-7).
    let length = 0;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    }
    if (length === 0) {
      invalid += 1;
      index += 1;
      continue;
    }
    let valid = 1;
    while (valid < length && index + valid < bytes.length) {
      const next = bytes[index + valid] as number;
      if (next < (valid === 1 ? low : 0x80) || next > (valid === 1 ? high : 0xbf)) break;
      valid += 1;
    }
    if (valid === length) {
      index += length;
      continue;
    }
    if (endIsCut && index + valid === bytes.length) break;
    // The lead byte and the continuation bytes that fit it, as a decoder replaces them.
    invalid += valid;
    index += valid;
  }
  return invalid;
}

/** Throws if the first 64 KiB of `bytes` look binary: a NUL byte, or over 10% invalid UTF-8. */
function checkLooksLikeText(path: string, bytes: Uint8Array): void {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    throw new Error(`corpus: ${path} looks binary: a NUL byte at offset ${nul}; expected a UTF-8 text file`);
  }
  const invalid = invalidUtf8Bytes(head, head.length < bytes.length);
  if (invalid > MAX_INVALID_UTF8_SHARE * head.length) {
    const share = ((100 * invalid) / head.length).toFixed(1);
    throw new Error(
      `corpus: ${path} looks binary: ${invalid} of its first ${head.length} bytes (${share}%) are not valid UTF-8, ` +
        'more than 10%; expected a UTF-8 text file',
    );
  }
}

function readCorpusBytes(path: string): Uint8Array {
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`corpus: no file at ${path}`);
    if (code === 'EISDIR') throw new Error(`corpus: ${path} is a directory; expected a UTF-8 text file`);
    throw new Error(`corpus: cannot read ${path} (${code ?? (error as Error).message})`);
  }
}

/**
 * Reads a text file and splits it by position, as nanoGPT's shakespeare prepare.py does: the first
 * 1 − validationFraction of the bytes train, the rest validate. The split point moves back to the
 * start of a UTF-8 character so that no character is cut in two.
 */
export function loadTextCorpus(path: string, options: TextCorpusOptions = {}): TextCorpus {
  const validationFraction = options.validationFraction ?? 0.1;
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new Error(`corpus: validationFraction is ${validationFraction}; expected a number in (0, 1)`);
  }
  const bytes = readCorpusBytes(path);
  if (bytes.length === 0) throw new Error(`corpus: ${path} is empty (0 bytes); expected a UTF-8 text file`);
  checkLooksLikeText(path, bytes);
  let trainEnd = Math.floor(bytes.length * (1 - validationFraction));
  // Back over up to three continuation bytes (10xxxxxx) to the lead byte of the character.
  for (let step = 0; step < 3 && trainEnd > 0 && ((bytes[trainEnd] as number) & 0xc0) === 0x80; step++) trainEnd -= 1;
  return {
    path,
    text: decodeUtf8(bytes),
    bytes,
    train: bytes.subarray(0, trainEnd),
    validation: bytes.subarray(trainEnd),
  };
}

/** The token ids of a split: byte and bpe encode the bytes exactly, char decodes them as UTF-8 text first. */
export function tokenizeSplit(tokenizer: Tokenizer, bytes: Uint8Array): Int32Array {
  return Int32Array.from(tokenizer.encodeBytes(bytes));
}

/**
 * `count` windows of `length` ids at start positions drawn uniformly from [0, ids.length − length − 1],
 * each with its targets: the same window shifted one id later.
 */
export function randomWindows(ids: Int32Array, count: number, length: number, rng: Rng): TokenWindows {
  if (!Number.isInteger(count) || count < 1) throw new Error(`randomWindows: count is ${count}; expected an integer ≥ 1`);
  if (!Number.isInteger(length) || length < 1) throw new Error(`randomWindows: length is ${length}; expected an integer ≥ 1`);
  if (ids.length < length + 1) {
    throw new Error(
      `randomWindows: ids has ${ids.length} tokens; a window of length ${length} needs at least ${length + 1} (length + 1 for its targets)`,
    );
  }
  const inputs = new Int32Array(count * length);
  const targets = new Int32Array(count * length);
  const starts = ids.length - length;
  for (let window = 0; window < count; window++) {
    const start = Math.floor(rng.uniform() * starts);
    inputs.set(ids.subarray(start, start + length), window * length);
    targets.set(ids.subarray(start + 1, start + length + 1), window * length);
  }
  return { inputs, targets };
}
