import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer.js';

describe('CharTokenizer', () => {
  it('numbers the distinct code points of its corpus in code point order, <unk> last', () => {
    const tokenizer = CharTokenizer.fromText('😀cab\u0301ba');
    expect(tokenizer.toJSON()).toEqual({ kind: 'char', version: 1, codePoints: [0x61, 0x62, 0x63, 0x301, 0x1f600] });
    expect(tokenizer.vocabSize).toBe(6);
    expect(tokenizer.unkId).toBe(5);
    expect(tokenizer.encode('ab😀')).toEqual([0, 1, 4]);
  });

  it('maps characters it has not seen to <unk>, which decodes to U+FFFD', () => {
    const tokenizer = CharTokenizer.fromText('abc');
    expect(tokenizer.encode('abzé🎉')).toEqual([0, 1, 3, 3, 3]);
    expect(tokenizer.decode([0, 3])).toBe('a\ufffd');
  });

  it('decodes bytes as UTF-8 with U+FFFD before encoding them', () => {
    const tokenizer = CharTokenizer.fromText('ab\ufffd');
    expect(tokenizer.encodeBytes(Uint8Array.of(0x61, 0xff, 0x62))).toEqual([0, 2, 1]);
    expect(tokenizer.decodeBytes([0, 1])).toEqual(Uint8Array.of(0x61, 0x62));
  });

  it('rejects an empty corpus and code points that are not strictly ascending', () => {
    expect(() => CharTokenizer.fromText('')).toThrow('CharTokenizer.fromText: text is empty');
    expect(() => new CharTokenizer([0x62, 0x61])).toThrow('codePoints[1] is 97; expected an integer above 98');
    expect(() => new CharTokenizer([0x110000])).toThrow('codePoints[0] is 1114112');
  });
});
