import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE, preferredChunkSize } from './chunk-size.js';
import { ArgumentError } from './arg-checker.js';
import { tuneScanChunkSize } from './tune-chunk-size.js';
import { useBackend } from '../test-support/backends.js';

describe('tuneScanChunkSize', () => {
  beforeAll(() => useBackend('cpu'));

  it('times every candidate, makes the fastest the default on this backend only, and leaks nothing', async () => {
    expect(preferredChunkSize('ssdScan')).toBe(DEFAULT_CHUNK_SIZE);
    const before = tf.memory().numTensors;
    const tuning = await tuneScanChunkSize('ssdScan', { b: 1, l: 24, h: 2, p: 2, n: 2 }, { candidates: [4, 8], rounds: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(tuning.timings.map((t) => t.chunkSize)).toEqual([4, 8]);
    expect(tuning.timings.every((t) => t.medianMs > 0)).toBe(true);
    const fastest = Math.min(...tuning.timings.map((t) => t.medianMs));
    expect(tuning.timings.find((t) => t.chunkSize === tuning.chunkSize)?.medianMs).toBe(fastest);
    expect(preferredChunkSize('ssdScan')).toBe(tuning.chunkSize);
    expect(preferredChunkSize('selectiveScan')).toBe(DEFAULT_CHUNK_SIZE);
    await useBackend('wasm');
    expect(preferredChunkSize('ssdScan')).toBe(DEFAULT_CHUNK_SIZE);
    await useBackend('cpu');
  });

  it('names the argument when the shape does not fit the op or a candidate is bad', async () => {
    await expect(tuneScanChunkSize('selectiveScan', { b: 1, l: 4, h: 1, p: 1, n: 1 })).rejects.toThrow(ArgumentError);
    await expect(tuneScanChunkSize('selectiveScan', { b: 1, l: 4, h: 1, p: 1, n: 1 })).rejects.toThrow(/'shape'.*\{b,l,d,n\}/);
    await expect(tuneScanChunkSize('ssdScan', { b: 1, l: 4, h: 1, p: 1, n: 1 }, { candidates: [0] })).rejects.toThrow(/'candidates'.*\[0\]/);
  });
});
