import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from './byte-tokenizer.js';

describe('ByteTokenizer', () => {
  it('has one id per byte of the UTF-8 encoding', () => {
    const tokenizer = new ByteTokenizer();
    expect(tokenizer.vocabSize).toBe(256);
    expect(tokenizer.encode('aé😀')).toEqual([0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
    expect(tokenizer.encodeBytes(Uint8Array.of(0, 0xff))).toEqual([0, 0xff]);
  });

  it('decodes bytes that are not valid UTF-8 to U+FFFD, but gives them back exactly as bytes', () => {
    const tokenizer = new ByteTokenizer();
    expect(tokenizer.decode([0x61, 0xff, 0x62])).toBe('a\ufffdb');
    expect(tokenizer.decodeBytes([0x61, 0xff, 0x62])).toEqual(Uint8Array.of(0x61, 0xff, 0x62));
  });

  it('keeps a leading byte-order mark when decoding', () => {
    const tokenizer = new ByteTokenizer();
    expect(tokenizer.decode(tokenizer.encode('\ufeffhi'))).toBe('\ufeffhi');
  });

  it('saves only its kind and version', () => {
    expect(new ByteTokenizer().toJSON()).toEqual({ kind: 'byte', version: 1 });
  });
});
