import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer, splitChunks } from './bpe-tokenizer.js';

const WORDS = (
  'the and to of I you my a that in is not with it me be his your this but he for have thou so him ' +
  'will what thy all her no do shall by if are our thee lord king good now sir come love more they ' +
  'let well then how would was o which there man hath than did make when know like us upon say may'
).split(' ');
const SPEAKERS = ['ROMEO', 'JULIET', 'KING RICHARD', 'First Citizen', 'MENENIUS'];

/** Play-like English: speaker lines, then sentences of common words with punctuation. */
function englishText(rng: Rng, bytes: number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng.uniform() * items.length)] as T;
  let text = '';
  while (text.length < bytes) {
    text += `${pick(SPEAKERS)}:\n`;
    const sentences = 1 + Math.floor(rng.uniform() * 3);
    for (let s = 0; s < sentences; s++) {
      const words = Array.from({ length: 4 + Math.floor(rng.uniform() * 8) }, () => pick(WORDS));
      const sentence = words.join(' ');
      text += `${sentence[0]?.toUpperCase()}${sentence.slice(1)}${pick([',', '.', '!', '?', ';'])}\n`;
    }
    text += '\n';
  }
  return text;
}

const chunkTexts = (text: string) => splitChunks(new TextEncoder().encode(text)).map((chunk) => new TextDecoder().decode(chunk));

/** Byte-pair encoding done the slow, obvious way: recount every pair before each merge. */
function naiveBpe(text: string, mergeCount: number): { merges: [number, number][]; ids: number[] } {
  let words = splitChunks(new TextEncoder().encode(text)).map((chunk) => Array.from(chunk));
  const merges: [number, number][] = [];
  while (merges.length < mergeCount) {
    const counts = new Map<string, number>();
    for (const word of words) {
      for (let i = 0; i + 1 < word.length; i++) {
        const key = `${word[i]},${word[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const pairs = [...counts].map(([key, count]) => [...key.split(',').map(Number), count] as [number, number, number]);
    if (pairs.length === 0) break;
    pairs.sort((p, q) => q[2] - p[2] || p[0] - q[0] || p[1] - q[1]);
    const [a, b] = pairs[0] as [number, number, number];
    const merged = 256 + merges.length;
    merges.push([a, b]);
    words = words.map((word) => {
      const out: number[] = [];
      for (let i = 0; i < word.length; i++) {
        if (word[i] === a && word[i + 1] === b) {
          out.push(merged);
          i += 1;
        } else out.push(word[i] as number);
      }
      return out;
    });
  }
  return { merges, ids: words.flat() };
}

describe('splitChunks', () => {
  it('splits words with their leading space, digits, punctuation and whitespace runs', () => {
    expect(chunkTexts('Hello,  world!\n\n42 cats  ')).toEqual(['Hello', ',', ' ', ' world', '!', '\n\n', '42', ' cats', '  ']);
    expect(chunkTexts(' café 中文')).toEqual([' café', ' 中文']);
  });

  it('cuts runs longer than 64 bytes and concatenates back to any input', () => {
    expect(chunkTexts('a'.repeat(150)).map((chunk) => chunk.length)).toEqual([64, 64, 22]);
    const rng = new Rng(5);
    const bytes = Uint8Array.from({ length: 2000 }, () => Math.floor(rng.uniform() * 256));
    const chunks = splitChunks(bytes);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
    expect(Uint8Array.from(chunks.flatMap((chunk) => [...chunk]))).toEqual(bytes);
  });
});

describe('BpeTokenizer.train', () => {
  it('merges the most frequent pair first, ties to the smallest ids, and stops when no pair is left', () => {
    expect(BpeTokenizer.train('ab ab ab cd', { vocabSize: 257 }).toJSON().merges).toEqual([[0x61, 0x62]]);
    // 'ab' and ' cd' have three pairs once each: ' c' (0x20, 0x63) has the smallest ids.
    const tokenizer = BpeTokenizer.train('ab cd', { vocabSize: 300 });
    expect(tokenizer.toJSON().merges).toEqual([
      [0x20, 0x63],
      [0x61, 0x62],
      [256, 0x64],
    ]);
    expect(tokenizer.vocabSize).toBe(259);
  });

  it('never merges across a chunk boundary', () => {
    expect(BpeTokenizer.train('a.a.a.a.1:1:', { vocabSize: 300 }).vocabSize).toBe(256);
  });

  it('learns the merges that recounting every pair before each merge learns, and encodes its text the same', () => {
    const text = englishText(new Rng(6), 3000) + ' aaaaaaa aaaa\u00e9\u00e9\u00e9';
    const reference = naiveBpe(text, 150);
    const tokenizer = BpeTokenizer.train(text, { vocabSize: 256 + 150 });
    expect(tokenizer.toJSON().merges).toEqual(reference.merges);
    expect(tokenizer.encode(text)).toEqual(reference.ids);
  });

  it('gives the same merges for the same text', () => {
    const text = englishText(new Rng(7), 4000);
    const first = BpeTokenizer.train(text, { vocabSize: 400 }).toJSON();
    expect(BpeTokenizer.train(text, { vocabSize: 400 }).toJSON()).toEqual(first);
    expect(first.merges).toHaveLength(144);
  });

  it('compresses unseen English-like text at least 1.5x at vocabSize 512', () => {
    const tokenizer = BpeTokenizer.train(englishText(new Rng(8), 8000), { vocabSize: 512 });
    const heldOut = englishText(new Rng(9), 4000);
    const bytes = new TextEncoder().encode(heldOut).length;
    const ids = tokenizer.encode(heldOut);
    expect(bytes / ids.length).toBeGreaterThanOrEqual(1.5);
    expect(tokenizer.decode(ids)).toBe(heldOut);
  });

  it('rejects a vocabSize below the 256 bytes', () => {
    expect(() => BpeTokenizer.train('abc', { vocabSize: 100 })).toThrow(
      'BpeTokenizer.train: vocabSize is 100; expected an integer ≥ 256',
    );
    expect(() => BpeTokenizer.train('abc', { vocabSize: 300.5 })).toThrow('vocabSize is 300.5');
  });
});

describe('BpeTokenizer', () => {
  it('rejects merges of ids that do not exist yet and repeated merges', () => {
    expect(() => new BpeTokenizer([[0x61, 256]])).toThrow(
      'merges[0] is [97,256]; expected a pair of integer ids in [0, 255] (bytes and earlier merges)',
    );
    expect(() => new BpeTokenizer([[1, 2], [256, 3], [1, 2]])).toThrow('merges[2] is [1,2], the same pair as merges[0]');
  });

  it('decodes a merged id to the bytes it joins', () => {
    const tokenizer = new BpeTokenizer([[0x61, 0x62], [256, 0x63]]);
    expect(tokenizer.encode('abcab ab')).toEqual([257, 256, 0x20, 256]);
    expect(tokenizer.decode([257, 0xff])).toBe('abc\ufffd');
  });
});
