import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@hybridssm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../tokenizers/bpe-tokenizer.js';
import { ByteTokenizer } from '../tokenizers/byte-tokenizer.js';
import { CharTokenizer } from '../tokenizers/char-tokenizer.js';
import { loadTextCorpus, randomWindows, tokenizeSplit } from './text-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'text-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCorpus(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadTextCorpus', () => {
  it('splits by position: the first 90% trains, the last 10% validates', () => {
    const text = Array.from({ length: 100 }, (_, line) => `line ${String(line).padStart(4, '0')}\n`).join('');
    const path = writeCorpus('lines.txt', text);
    const corpus = loadTextCorpus(path);
    expect(corpus.path).toBe(path);
    expect(corpus.text).toBe(text);
    expect(corpus.bytes).toEqual(new TextEncoder().encode(text));
    expect(new TextDecoder().decode(corpus.train)).toBe(text.slice(0, 900));
    expect(new TextDecoder().decode(corpus.validation)).toBe(text.slice(900));
    expect(loadTextCorpus(path, { validationFraction: 0.25 }).validation).toHaveLength(250);
  });

  it('moves the split back to the start of a character', () => {
    // Ten bytes: 90% is byte 9, the second byte of the fifth é.
    const corpus = loadTextCorpus(writeCorpus('accents.txt', 'ééééé'));
    expect(new TextDecoder().decode(corpus.train)).toBe('éééé');
    expect(new TextDecoder().decode(corpus.validation)).toBe('é');
  });

  it('rejects a validationFraction outside (0, 1)', () => {
    const path = writeCorpus('plain.txt', 'some text\n');
    for (const validationFraction of [0, 1, -0.1, Number.NaN]) {
      expect(() => loadTextCorpus(path, { validationFraction })).toThrow(
        `corpus: validationFraction is ${validationFraction}; expected a number in (0, 1)`,
      );
    }
  });

  it('names a missing file, a directory and an empty file', () => {
    const missing = join(dir, 'missing.txt');
    expect(() => loadTextCorpus(missing)).toThrow(`corpus: no file at ${missing}`);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => loadTextCorpus(folder)).toThrow(`corpus: ${folder} is a directory; expected a UTF-8 text file`);
    const empty = writeCorpus('empty.txt', '');
    expect(() => loadTextCorpus(empty)).toThrow(`corpus: ${empty} is empty (0 bytes); expected a UTF-8 text file`);
  });

  it('rejects a binary file, saying whether for a NUL byte or for invalid UTF-8', () => {
    const withNul = writeCorpus('nul.bin', Uint8Array.of(0x61, 0x62, 0, 0x63));
    expect(() => loadTextCorpus(withNul)).toThrow(`corpus: ${withNul} looks binary: a NUL byte at offset 2; expected a UTF-8 text file`);
    const rng = new Rng(1);
    const noise = writeCorpus('noise.bin', Uint8Array.from({ length: 1000 }, () => 0x80 + Math.floor(rng.uniform() * 0x80)));
    expect(() => loadTextCorpus(noise)).toThrow(
      new RegExp(`^corpus: ${noise} looks binary: \\d+ of its first 1000 bytes \\(\\d+\\.\\d%\\) are not valid UTF-8, more than 10%`),
    );
  });

  it('accepts up to 10% invalid UTF-8 in the first 64 KiB, not counting a character that the 64 KiB cut', () => {
    // 6553 invalid bytes are 9.9994% of 65,536; the 3-byte 中 starts at the window's last byte.
    const atLimit = (invalid: number) => {
      const bytes = new Uint8Array(64 * 1024 + 2).fill(0x61);
      bytes.fill(0xff, 0, invalid);
      bytes.set(new TextEncoder().encode('中'), 64 * 1024 - 1);
      return bytes;
    };
    const accepted = loadTextCorpus(writeCorpus('at-limit.txt', atLimit(6553)));
    expect(accepted.text.endsWith('a中')).toBe(true);
    const over = writeCorpus('over-limit.txt', atLimit(6554));
    expect(() => loadTextCorpus(over)).toThrow(`corpus: ${over} looks binary: 6554 of its first 65536 bytes (10.0%) are not valid UTF-8`);
  });
});

describe('tokenizeSplit', () => {
  const bytes = Uint8Array.of(0x61, 0x62, 0xff, 0x61);

  it('encodes the bytes exactly with byte and bpe tokenizers', () => {
    expect([...tokenizeSplit(new ByteTokenizer(), bytes)]).toEqual([0x61, 0x62, 0xff, 0x61]);
    const bpe = new BpeTokenizer([[0x61, 0x62]]);
    const ids = tokenizeSplit(bpe, bytes);
    expect(ids).toBeInstanceOf(Int32Array);
    expect([...ids]).toEqual([256, 0xff, 0x61]);
    expect(bpe.decodeBytes([...ids])).toEqual(bytes);
  });

  it('decodes the bytes as UTF-8 text for a char tokenizer', () => {
    const char = CharTokenizer.fromText('ab');
    expect([...tokenizeSplit(char, bytes)]).toEqual([0, 1, char.unkId, 0]);
  });
});

describe('randomWindows', () => {
  const ids = Int32Array.from({ length: 12 }, (_, index) => 100 + index);

  it('draws windows of consecutive ids with targets one id later', () => {
    const { inputs, targets } = randomWindows(ids, 50, 10, new Rng(2));
    expect(inputs).toHaveLength(500);
    expect(targets).toHaveLength(500);
    const starts = new Set<number>();
    for (let window = 0; window < 50; window++) {
      const input = [...inputs.subarray(window * 10, window * 10 + 10)];
      const start = (input[0] as number) - 100;
      starts.add(start);
      expect(input).toEqual([...ids.subarray(start, start + 10)]);
      expect([...targets.subarray(window * 10, window * 10 + 10)]).toEqual([...ids.subarray(start + 1, start + 11)]);
    }
    // ids.length − length − 1 = 1: both possible starts are drawn.
    expect([...starts].sort()).toEqual([0, 1]);
  });

  it('draws the same windows for the same seed', () => {
    const long = Int32Array.from({ length: 1000 }, (_, index) => index);
    expect(randomWindows(long, 4, 8, new Rng(3))).toEqual(randomWindows(long, 4, 8, new Rng(3)));
    expect(randomWindows(long, 4, 8, new Rng(3)).inputs).not.toEqual(randomWindows(long, 4, 8, new Rng(4)).inputs);
  });

  it('names the needed and actual lengths when the ids are too short, and a bad count or length', () => {
    expect(() => randomWindows(ids, 1, 12, new Rng(5))).toThrow(
      'randomWindows: ids has 12 tokens; a window of length 12 needs at least 13 (length + 1 for its targets)',
    );
    expect(() => randomWindows(ids, 0, 4, new Rng(5))).toThrow('randomWindows: count is 0; expected an integer ≥ 1');
    expect(() => randomWindows(ids, 2, 2.5, new Rng(5))).toThrow('randomWindows: length is 2.5; expected an integer ≥ 1');
  });
});
