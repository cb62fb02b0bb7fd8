import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteTextEncoder, PADDING_TOKEN, START_TOKEN, byteTokenIds } from './byte-text-encoder.js';

describe('ByteTextEncoder', () => {
  let encoder: ByteTextEncoder;
  beforeAll(async () => {
    await initBackend('wasm');
    encoder = new ByteTextEncoder({ dim: 16, layers: 1, heads: 2, maxTokens: 24 }, new Rng(3));
  });
  afterAll(() => encoder.dispose());

  it('byte ids: start token, UTF-8 bytes, truncation and padding', () => {
    const { ids, mask } = byteTokenIds(['', 'ab', 'é', 'x'.repeat(10)], 6);
    expect(Array.from(ids.subarray(0, 6))).toEqual([START_TOKEN, PADDING_TOKEN, PADDING_TOKEN, PADDING_TOKEN, PADDING_TOKEN, PADDING_TOKEN]);
    expect(Array.from(mask.subarray(0, 6))).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(ids.subarray(6, 12))).toEqual([START_TOKEN, 97, 98, PADDING_TOKEN, PADDING_TOKEN, PADDING_TOKEN]);
    expect(Array.from(ids.subarray(12, 15))).toEqual([START_TOKEN, 0xc3, 0xa9]);
    expect(Array.from(ids.subarray(18, 24))).toEqual([START_TOKEN, 120, 120, 120, 120, 120]);
    expect(Array.from(mask.subarray(18, 24))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('encodes empty, 10,000-character, non-Latin and misspelt captions to finite tokens, without leaks', () => {
    const texts = ['', 'x'.repeat(10_000), '一只红色的猫 🐱 кошка', 'a handwriten sevn', 'a handwritten seven'];
    const before = tf.memory().numTensors;
    const { tokens, mask } = encoder.encode(texts);
    expect(tokens.shape).toEqual([5, 24, 16]);
    expect(mask.shape).toEqual([5, 24]);
    expect(tokens.dtype).toBe('float32');
    expect(Array.from(tokens.dataSync()).every(Number.isFinite)).toBe(true);
    const maskRows = mask.arraySync() as number[][];
    expect(maskRows.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([1, 24, 24, 18, 20]);
    const rows = tokens.arraySync() as number[][][];
    // the misspelling changes the tokens after the first differing byte ("handwrit|e")
    expect(rows[3]?.[12]).not.toEqual(rows[4]?.[12]);
    tf.dispose([tokens, mask]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an empty batch and non-strings', () => {
    expect(() => encoder.encode([])).toThrow(ArgumentError);
    expect(() => encoder.encode([42 as unknown as string])).toThrow(/argument 'texts' must be a non-empty array of strings/);
    expect(() => new ByteTextEncoder({ dim: 15, layers: 1, heads: 3 }, new Rng(1))).toThrow(/config 'dim' must be even/);
  });
});
