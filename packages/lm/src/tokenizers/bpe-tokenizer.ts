import { checkIds, decodeUtf8 } from './tokenizer.js';
import type { BpeTokenizerJson, Tokenizer } from './tokenizer.js';

/** Ids 0…255 are the bytes; merge i makes id 256 + i. */
const BYTE_IDS = 256;
/** Longer runs are cut into chunks of this many bytes, keeping merge and encode work per chunk bounded. */
const MAX_CHUNK_BYTES = 64;
/** Encoded chunks remembered per tokenizer before the cache starts again. */
const MAX_CACHED_CHUNKS = 1 << 16;

const LETTER = 0;
const DIGIT = 1;
const WHITESPACE = 2;
const OTHER = 3;
const SPACE = 0x20;

/** Each byte's class; bytes ≥ 0x80 count as letters, so non-ASCII words stay whole and any bytes split. */
const BYTE_CLASS = Uint8Array.from({ length: 256 }, (_, byte) => {
  if ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte >= 0x80) return LETTER;
  if (byte >= 0x30 && byte <= 0x39) return DIGIT;
  if (byte === SPACE || (byte >= 0x09 && byte <= 0x0d)) return WHITESPACE;
  return OTHER;
});

/**
 * Cuts bytes into the chunks that merges never cross, a simple GPT-2-like split: runs of letters, of
 * digits or of other non-space bytes, each with an optional leading space, and runs of whitespace
 * (which leave a final space to the word after them). Runs longer than 64 bytes are cut every 64 bytes.
 * The chunks are views of `bytes` and concatenate back to it.
 */
export function splitChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const classOf = (index: number) => BYTE_CLASS[bytes[index] as number] as number;
  let start = 0;
  while (start < bytes.length) {
    let end = start + 1;
    if (bytes[start] === SPACE && end < bytes.length && classOf(end) !== WHITESPACE) {
      const runClass = classOf(end);
      while (end < bytes.length && classOf(end) === runClass) end += 1;
    } else {
      const runClass = classOf(start);
      while (end < bytes.length && classOf(end) === runClass) end += 1;
      if (runClass === WHITESPACE && end < bytes.length && end - start > 1 && bytes[end - 1] === SPACE) end -= 1;
    }
    end = Math.min(end, start + MAX_CHUNK_BYTES);
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

/** `word` with every non-overlapping [a, b], left to right, replaced by `merged`. */
function mergePair(word: readonly number[], a: number, b: number, merged: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) {
    if (word[i] === a && word[i + 1] === b) {
      out.push(merged);
      i += 1;
    } else {
      out.push(word[i] as number);
    }
  }
  return out;
}

/** A chunk's bytes as a string with one char per byte, the key of chunk counts and of the encode cache. */
function chunkKey(chunk: Uint8Array): string {
  return String.fromCharCode(...chunk);
}

/** How often each distinct chunk occurs in `bytes`. */
function countChunks(bytes: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (const chunk of splitChunks(bytes)) {
    const key = chunkKey(chunk);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The merges of byte-pair encoding on `bytes`: repeatedly the most frequent adjacent pair within a
 * chunk (ties: smallest first id, then smallest second id) until there are `mergeCount` of them or
 * no pair is left. Pair counts are updated only for the distinct chunks that contain the merged pair.
 */
function learnMerges(bytes: Uint8Array, mergeCount: number): [number, number][] {
  const idLimit = BYTE_IDS + mergeCount;
  const words: number[][] = [];
  const frequencies: number[] = [];
  for (const [key, count] of countChunks(bytes)) {
    words.push(Array.from(key, (char) => char.charCodeAt(0)));
    frequencies.push(count);
  }
  // Pair [a, b] is the key a * idLimit + b, so the smallest key is the tie-break winner.
  const pairCounts = new Map<number, number>();
  // The words that contain, or once contained, each pair.
  const pairWords = new Map<number, Set<number>>();
  const addPairs = (wordIndex: number, sign: 1 | -1) => {
    const word = words[wordIndex] as number[];
    const frequency = sign * (frequencies[wordIndex] as number);
    for (let i = 0; i + 1 < word.length; i++) {
      const pair = (word[i] as number) * idLimit + (word[i + 1] as number);
      const count = (pairCounts.get(pair) ?? 0) + frequency;
      if (count === 0) pairCounts.delete(pair);
      else pairCounts.set(pair, count);
      if (sign > 0) {
        const containing = pairWords.get(pair);
        if (containing) containing.add(wordIndex);
        else pairWords.set(pair, new Set([wordIndex]));
      }
    }
  };
  words.forEach((_, wordIndex) => addPairs(wordIndex, 1));

  const merges: [number, number][] = [];
  while (merges.length < mergeCount) {
    let best = -1;
    let bestCount = 0;
    for (const [pair, count] of pairCounts) {
      if (count > bestCount || (count === bestCount && pair < best)) {
        best = pair;
        bestCount = count;
      }
    }
    if (best < 0) break;
    const a = Math.floor(best / idLimit);
    const b = best % idLimit;
    const mergedId = BYTE_IDS + merges.length;
    merges.push([a, b]);
    for (const wordIndex of pairWords.get(best) ?? []) {
      const word = words[wordIndex] as number[];
      const merged = mergePair(word, a, b, mergedId);
      if (merged.length === word.length) continue;
      addPairs(wordIndex, -1);
      words[wordIndex] = merged;
      addPairs(wordIndex, 1);
    }
    pairWords.delete(best);
  }
  return merges;
}

/**
 * Byte-level byte-pair encoding: ids 0…255 are bytes and each learned merge joins two ids into a new
 * one. Text is split into chunks (see splitChunks) that merges never cross. Any bytes, invalid UTF-8
 * included, round-trip exactly through encodeBytes and decodeBytes.
 */
export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe';
  readonly vocabSize: number;
  private readonly merges: readonly (readonly [number, number])[];
  /** Merge rank by pair key a * vocabSize + b. */
  private readonly ranks = new Map<number, number>();
  /** The bytes each id stands for. */
  private readonly tokenBytes: Uint8Array[];
  private readonly cache = new Map<string, readonly number[]>();

  /** `merges[i]` joins two ids below 256 + i (bytes or earlier merges) into id 256 + i; no pair twice. */
  constructor(merges: readonly (readonly [number, number])[]) {
    this.vocabSize = BYTE_IDS + merges.length;
    this.tokenBytes = Array.from({ length: BYTE_IDS }, (_, byte) => Uint8Array.of(byte));
    merges.forEach((merge, rank) => {
      const limit = BYTE_IDS + rank;
      const isId = (id: unknown): id is number => Number.isInteger(id) && (id as number) >= 0 && (id as number) < limit;
      if (!Array.isArray(merge) || merge.length !== 2 || !isId(merge[0]) || !isId(merge[1])) {
        throw new Error(
          `merges[${rank}] is ${JSON.stringify(merge)}; expected a pair of integer ids in [0, ${limit - 1}] (bytes and earlier merges)`,
        );
      }
      const [a, b] = merge;
      const key = a * this.vocabSize + b;
      const earlier = this.ranks.get(key);
      if (earlier !== undefined) throw new Error(`merges[${rank}] is [${a},${b}], the same pair as merges[${earlier}]`);
      this.ranks.set(key, rank);
      const left = this.tokenBytes[a] as Uint8Array;
      const joined = new Uint8Array(left.length + (this.tokenBytes[b] as Uint8Array).length);
      joined.set(left);
      joined.set(this.tokenBytes[b] as Uint8Array, left.length);
      this.tokenBytes.push(joined);
    });
    this.merges = merges.map(([a, b]) => [a, b] as const);
  }

  /**
   * Learns merges on `text` until the vocabulary has `vocabSize` ids (256 bytes + merges); it stops
   * earlier, with a smaller vocabSize, if the text runs out of adjacent pairs.
   */
  static train(text: string, options: { vocabSize: number }): BpeTokenizer {
    const { vocabSize } = options;
    if (!Number.isInteger(vocabSize) || vocabSize < BYTE_IDS) {
      throw new Error(`BpeTokenizer.train: vocabSize is ${vocabSize}; expected an integer ≥ ${BYTE_IDS} (256 bytes + merges)`);
    }
    return new BpeTokenizer(learnMerges(new TextEncoder().encode(text), vocabSize - BYTE_IDS));
  }

  encode(text: string): number[] {
    return this.encodeBytes(new TextEncoder().encode(text));
  }

  encodeBytes(bytes: Uint8Array): number[] {
    const ids: number[] = [];
    for (const chunk of splitChunks(bytes)) ids.push(...this.encodeChunk(chunk));
    return ids;
  }

  decode(ids: readonly number[]): string {
    return decodeUtf8(this.decodeBytes(ids));
  }

  decodeBytes(ids: readonly number[]): Uint8Array {
    checkIds(ids, this);
    const parts = ids.map((id) => this.tokenBytes[id] as Uint8Array);
    const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return bytes;
  }

  toJSON(): BpeTokenizerJson {
    return { kind: 'bpe', version: 1, merges: this.merges.map(([a, b]) => [a, b]) };
  }

  /** A chunk's ids: the lowest-ranked merge present is applied everywhere in it, until none is. */
  private encodeChunk(chunk: Uint8Array): readonly number[] {
    const key = chunkKey(chunk);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let word = Array.from(chunk);
    for (;;) {
      let bestRank = Infinity;
      for (let i = 0; i + 1 < word.length; i++) {
        const rank = this.ranks.get((word[i] as number) * this.vocabSize + (word[i + 1] as number));
        if (rank !== undefined && rank < bestRank) bestRank = rank;
      }
      if (bestRank === Infinity) break;
      const [a, b] = this.merges[bestRank] as readonly [number, number];
      word = mergePair(word, a, b, BYTE_IDS + bestRank);
    }
    if (this.cache.size >= MAX_CACHED_CHUNKS) this.cache.clear();
    this.cache.set(key, word);
    return word;
  }
}
