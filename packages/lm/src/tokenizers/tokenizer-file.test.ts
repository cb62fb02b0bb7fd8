import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKENIZER_KINDS } from './tokenizer.js';
import { buildTokenizer, loadTokenizer, saveTokenizer, tokenizerFromJson } from './tokenizer-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenizer-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CORPUS = 'To be, or not to be, that is the question:\nWhether tis nobler in the mind to suffer 😀 文字\n'.repeat(5);
const SAMPLE = 'To be or not, the question! 😀 文字 ünseen';

describe('saveTokenizer and loadTokenizer', () => {
  it.each(TOKENIZER_KINDS)('give back a %s tokenizer that encodes and saves the same', (kind) => {
    const tokenizer = buildTokenizer(kind, CORPUS, kind === 'bpe' ? { vocabSize: 280 } : {});
    const path = join(dir, `${kind}.json`);
    saveTokenizer(path, tokenizer);
    const loaded = loadTokenizer(path);
    expect(loaded.kind).toBe(kind);
    expect(loaded.vocabSize).toBe(tokenizer.vocabSize);
    expect(loaded.encode(SAMPLE)).toEqual(tokenizer.encode(SAMPLE));
    expect(loaded.toJSON()).toEqual(tokenizer.toJSON());
  });

  it('names the path of a missing file or one that is not valid JSON, in one line', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadTokenizer(missing)).toThrow(`tokenizer: no file at ${missing}`);
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"kind":"bpe","version":1,"merges":[[97,98],');
    expect(() => loadTokenizer(truncated)).toThrow(
      new RegExp(`^tokenizer: ${truncated} is not valid JSON \\(.*\\); expected a tokenizer.json$`),
    );
    const wrongKind = join(dir, 'wrong-kind.json');
    writeFileSync(wrongKind, '{"kind":"wordpiece","version":1}');
    expect(() => loadTokenizer(wrongKind)).toThrow(`tokenizer: ${wrongKind}: kind is "wordpiece"; expected one of byte, char, bpe`);
  });
});

describe('tokenizerFromJson', () => {
  it('rejects a json that is not an object, an unknown kind and a wrong version', () => {
    expect(() => tokenizerFromJson(null)).toThrow('tokenizer json: expected an object with kind and version, got null');
    expect(() => tokenizerFromJson({ kind: 'wordpiece', version: 1 })).toThrow(
      'tokenizer json: kind is "wordpiece"; expected one of byte, char, bpe',
    );
    expect(() => tokenizerFromJson({ kind: 'bpe', version: 2, merges: [] })).toThrow('tokenizer json: version is 2; expected 1');
  });

  it('rejects malformed merges and code points, naming the field', () => {
    expect(() => tokenizerFromJson({ kind: 'bpe', version: 1 })).toThrow('tokenizer json: merges is undefined; expected an array');
    expect(() => tokenizerFromJson({ kind: 'bpe', version: 1, merges: [[97]] })).toThrow(
      'tokenizer json: merges[0] is [97]; expected a pair',
    );
    expect(() => tokenizerFromJson({ kind: 'bpe', version: 1, merges: [[97, 'b']] })).toThrow('merges[0] is [97,"b"]');
    expect(() => tokenizerFromJson({ kind: 'char', version: 1, codePoints: 'abc' })).toThrow(
      'tokenizer json: codePoints is "abc"; expected an array',
    );
    expect(() => tokenizerFromJson({ kind: 'char', version: 1, codePoints: [97, null] })).toThrow('tokenizer json: codePoints[1] is null');
  });
});

describe('buildTokenizer', () => {
  it('trains bpe to the requested vocabSize and rejects vocabSize for the other kinds', () => {
    expect(buildTokenizer('bpe', CORPUS, { vocabSize: 270 }).vocabSize).toBe(270);
    expect(buildTokenizer('byte', CORPUS).vocabSize).toBe(256);
    expect(() => buildTokenizer('char', CORPUS, { vocabSize: 100 })).toThrow('buildTokenizer: vocabSize 100 applies to bpe only');
  });

  it('names an unknown kind', () => {
    expect(() => buildTokenizer('word' as 'bpe', CORPUS)).toThrow('buildTokenizer: kind is "word"; expected one of byte, char, bpe');
  });
});
