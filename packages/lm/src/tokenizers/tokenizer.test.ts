import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { ByteTokenizer } from './byte-tokenizer.js';
import { CharTokenizer } from './char-tokenizer.js';
import { TextStream, TOKENIZER_KINDS } from './tokenizer.js';
import { buildTokenizer } from './tokenizer-file.js';

// ASCII, Latin-1, CJK, astral-plane emoji, combining marks, a byte-order mark and whitespace.
const CHARACTERS = [
  ...'abcXYZ019 .,;!?-\'"',
  ...['é', 'ß', 'Ω', '中', '文', '字', '😀', '🎉', '𝄞', 'e\u0301', '\u0308', '\ufeff', '\n', '\t'],
];

function randomText(rng: Rng, length: number): string {
  return Array.from({ length }, () => CHARACTERS[Math.floor(rng.uniform() * CHARACTERS.length)]).join('');
}

// Well-formed bytes and the invalid UTF-8 a decoder must replace: a stray 0xff, a lone continuation
// byte, a truncated euro sign and emoji, an overlong '/', an encoded surrogate.
const INVALID_UTF8 = [[0xff], [0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80]];

function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes: number[] = [];
  while (bytes.length < length) {
    const pick = rng.uniform();
    if (pick < 0.2) bytes.push(...(INVALID_UTF8[Math.floor(rng.uniform() * INVALID_UTF8.length)] as number[]));
    else if (pick < 0.6) bytes.push(Math.floor(rng.uniform() * 256));
    else bytes.push(0x61 + Math.floor(rng.uniform() * 3), 0x20);
  }
  return Uint8Array.from(bytes);
}

const TRAINING_TEXT = randomText(new Rng(1), 3000);
const exactByteTokenizers = () => [new ByteTokenizer(), BpeTokenizer.train(TRAINING_TEXT, { vocabSize: 300 })];

describe('every tokenizer', () => {
  it.each(TOKENIZER_KINDS)('%s round-trips random UTF-8 text with emoji, CJK and combining marks', (kind) => {
    const rng = new Rng(2);
    const texts = Array.from({ length: 50 }, () => randomText(rng, Math.floor(rng.uniform() * 60)));
    // The char vocabulary comes from its corpus, so it is built from the texts it must encode.
    const tokenizer = buildTokenizer(kind, kind === 'char' ? texts.join('') : TRAINING_TEXT, kind === 'bpe' ? { vocabSize: 300 } : {});
    for (const text of texts) {
      const ids = tokenizer.encode(text);
      expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize)).toBe(true);
      expect(tokenizer.decode(ids)).toBe(text);
      expect(tokenizer.decodeBytes(ids)).toEqual(new TextEncoder().encode(text));
    }
  });

  it.each(TOKENIZER_KINDS)('%s names the id and vocabSize of an id out of range', (kind) => {
    const tokenizer = buildTokenizer(kind, 'abc');
    const { vocabSize } = tokenizer;
    expect(() => tokenizer.decode([0, vocabSize])).toThrow(
      `ids[1] is ${vocabSize}; expected an integer in [0, ${vocabSize - 1}] for the ${kind} tokenizer's vocabSize ${vocabSize}`,
    );
    expect(() => tokenizer.decodeBytes([-1])).toThrow(/ids\[0\] is -1/);
    expect(() => tokenizer.decode([1.5])).toThrow(/ids\[0\] is 1.5/);
  });
});

describe('byte and bpe tokenizers', () => {
  it('round-trip random bytes, invalid UTF-8 included, exactly', () => {
    const rng = new Rng(3);
    for (const tokenizer of exactByteTokenizers()) {
      for (let trial = 0; trial < 100; trial++) {
        const bytes = randomBytes(rng, Math.floor(rng.uniform() * 200));
        expect(tokenizer.decodeBytes(tokenizer.encodeBytes(bytes))).toEqual(bytes);
      }
      for (const sequence of INVALID_UTF8) {
        expect(tokenizer.decodeBytes(tokenizer.encodeBytes(Uint8Array.from(sequence)))).toEqual(Uint8Array.from(sequence));
      }
    }
  });
});

describe('TextStream', () => {
  it('prints a 4-byte emoji only once its last byte arrives', () => {
    const stream = new TextStream(new ByteTokenizer());
    const emoji = [...new TextEncoder().encode('😀')];
    expect(emoji).toHaveLength(4);
    expect(stream.push([0x61])).toBe('a');
    expect(emoji.slice(0, 3).map((id) => stream.push([id]))).toEqual(['', '', '']);
    expect(stream.push([emoji[3] as number, 0x62])).toBe('😀b');
    expect(stream.flush()).toBe('');
  });

  it('gives the text of the whole sequence when bpe tokens are pushed one at a time', () => {
    const tokenizer = exactByteTokenizers()[1] as BpeTokenizer;
    const text = randomText(new Rng(4), 500);
    const stream = new TextStream(tokenizer);
    const pieces = tokenizer.encode(text).map((id) => stream.push([id]));
    expect(pieces.join('') + stream.flush()).toBe(text);
    expect(pieces.some((piece) => piece.includes('\ufffd'))).toBe(false);
  });

  it('flushes an unfinished character as U+FFFD and then starts again', () => {
    const stream = new TextStream(new CharTokenizer([0x61]));
    expect(stream.push([0])).toBe('a');
    const bytes = new TextStream(new ByteTokenizer());
    expect(bytes.push([0xe4, 0xb8])).toBe('');
    expect(bytes.flush()).toBe('\ufffd');
    expect(bytes.push([0x61])).toBe('a');
  });

  it('keeps a leading byte-order mark, as decode does', () => {
    const tokenizer = new ByteTokenizer();
    const stream = new TextStream(tokenizer);
    expect(stream.push(tokenizer.encode('\ufeffhi'))).toBe('\ufeffhi');
  });
});
