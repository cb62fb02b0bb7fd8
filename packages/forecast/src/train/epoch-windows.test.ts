import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadForecastData } from '../data/forecast-dataset.js';
import { writeSyntheticCsv } from '../data/synthetic.js';
import { settingsFor } from '../tables/forecast-scale.js';
import { PAPER, SMALL } from '../tables/scales.js';
import { epochShuffles, trainingBatch, updatesPerEpoch, validationWindows } from './epoch-windows.js';
import { evenlySpacedWindows } from './evaluate.js';

const dir = mkdtempSync(join(tmpdir(), 'epoch-windows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the windows an epoch visits (official DataLoaders)', () => {
  it("ETTh1-96 with input 192: 8,353 / 2,785 / 2,785 windows; 65 updates of 128, 2,688 validation windows, every test window", () => {
    // ETTh1's row count and 8,640 / 2,880 / 2,880 borders, on a generated series of the same shape
    const path = join(dir, 'etth1-shaped.csv');
    writeSyntheticCsv(path, { rows: 17_420, channels: 7, freq: 'h', seed: 0 });
    const data = loadForecastData({ path, kind: 'etth', freq: 'h', features: 'M' }, 192, 96);
    expect([data.train.windowCount, data.val.windowCount, data.test.windowCount]).toEqual([8353, 2785, 2785]);

    const paper = settingsFor(PAPER, 'ETTh1').fit;
    expect(updatesPerEpoch(data.train.windowCount, paper.batchSize, paper.stepsPerEpoch)).toBe(65);
    const shuffles = epochShuffles(0, 0, data.train.windowCount, data.val.windowCount);
    expect(validationWindows(shuffles.val, paper.batchSize, paper.valWindows)).toHaveLength(21 * 128);
    expect(evenlySpacedWindows(data.test, paper.testWindows)).toEqual(Array.from({ length: 2785 }, (_, i) => i));

    const small = settingsFor(SMALL, 'ETTh1').fit;
    expect(validationWindows(shuffles.val, small.batchSize, small.valWindows)).toHaveLength(87 * 32);
    expect(evenlySpacedWindows(data.test, small.testWindows)).toHaveLength(2785);
  });

  it('an epoch is floor(windows / batch) full batches of its shuffled order, never a wrapped partial one', () => {
    expect(updatesPerEpoch(8353, 128)).toBe(65);
    expect(updatesPerEpoch(8353, 128, 15)).toBe(15);
    expect(() => updatesPerEpoch(100, 128)).toThrow('the training split has 100 windows, fewer than one batch of 128');
    const { train } = epochShuffles(3, 1, 10, 5);
    expect([...train].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const batches = Array.from({ length: updatesPerEpoch(10, 3) }, (_, update) => trainingBatch(train, update, 3));
    expect(batches).toEqual([train.slice(0, 3), train.slice(3, 6), train.slice(6, 9)]);
    expect(() => trainingBatch(train, 3, 3)).toThrow('update 3 of an epoch has no full batch of 3 among 10 windows');
  });

  it('validation takes the full batches of a shuffle that changes every epoch; fewer windows than a batch give none', () => {
    const first = epochShuffles(0, 0, 50, 10).val;
    const second = epochShuffles(0, 1, 50, 10).val;
    expect(second).not.toEqual(first);
    expect(validationWindows(first, 4)).toEqual(first.slice(0, 8));
    expect(validationWindows(first, 4, 5)).toEqual(first.slice(0, 5));
    expect(validationWindows(first, 16)).toEqual([]);
  });
});
