import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, initBackend } from '@hybridssm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadForecastData } from '../data/forecast-dataset.js';
import { writeSyntheticCsv } from '../data/synthetic.js';
import { buildForecaster } from '../models/model-registry.js';
import { epochShuffles, validationWindows } from './epoch-windows.js';
import { evaluateForecaster, evenlySpacedWindows } from './evaluate.js';
import { fitForecaster } from './fit.js';

// 600 hourly rows, ratio splits 420 / 60 / 120; input 48, horizon 12: 361 training, 49 validation, 109 test windows
const dir = mkdtempSync(join(tmpdir(), 'fit-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'synthetic.csv');
writeSyntheticCsv(path, { rows: 600, channels: 3, freq: 'h', seed: 2 });
const dims = { seqLen: 48, labelLen: 48, predLen: 12, channels: 3, markChannels: 4, targetChannels: 3 };
const hp = { dModel: 8, nHeads: 2, dFF: 16, dState: 4, dConv: 4, layers: 1 };

interface LogLine {
  step: number;
  lr?: number;
  eval?: { val: number };
}

describe('fitForecaster follows the official loop (DLinear, wasm)', () => {
  beforeAll(() => initBackend('wasm'));
  const data = loadForecastData({ path, kind: 'ratio', freq: 'h', features: 'M' }, dims.seqLen, dims.predLen);

  it('4 epochs of floor(361 / 32) = 11 updates at lr, lr, lr/2, lr/4; the best epoch validated on its full batches', async () => {
    expect([data.train.windowCount, data.val.windowCount, data.test.windowCount]).toEqual([361, 49, 109]);
    const logPath = join(dir, 'four-epochs.jsonl');
    const model = buildForecaster('dlinear', hp, dims, new Rng(0));
    const fit = await fitForecaster(model, data, { epochs: 4, batchSize: 32, learningRate: 1e-3, patience: 10, seed: 5, logPath });
    const lines = readFileSync(logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LogLine);
    const rates = lines.filter((line) => line.lr !== undefined).map((line) => line.lr);
    expect(rates).toEqual([...Array(22).fill(1e-3), ...Array(11).fill(5e-4), ...Array(11).fill(2.5e-4)]);
    expect(lines.filter((line) => line.eval !== undefined).map((line) => line.step)).toEqual([10, 21, 32, 43]);

    // the restored best epoch scores bestVal on that epoch's 32 shuffled validation windows (49 less the dropped 17)
    const bestEpoch = (fit.curves.val.find((point) => point.y === fit.bestVal)?.x as number) - 1;
    const windows = validationWindows(epochShuffles(5, bestEpoch, 361, 49).val, 32);
    expect(windows).toHaveLength(32);
    expect((await evaluateForecaster(model, data.val, windows, 64)).mse).toBeCloseTo(fit.bestVal, 6);
    model.dispose();
  });

  it('with no full validation batch (49 windows, batch 64) every epoch counts as the best, as the NaN loss does officially; test on every window', async () => {
    const model = buildForecaster('dlinear', hp, dims, new Rng(0));
    const fit = await fitForecaster(model, data, { epochs: 3, batchSize: 64, learningRate: 1e-3, patience: 1, seed: 5 });
    expect(fit.bestVal).toBeNaN();
    expect(fit.epochsRun).toBe(3);
    expect(fit.curves.val).toEqual([]);
    expect(fit.curves.train).toHaveLength(3);
    // the last epoch's weights are kept, and the test metric covers all 109 windows
    expect(fit.test).toEqual(await evaluateForecaster(model, data.test, evenlySpacedWindows(data.test, undefined), 64));
    model.dispose();
  });
});
