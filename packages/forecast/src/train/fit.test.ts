import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadForecastData } from '../data/forecast-dataset.js';
import { writeSyntheticCsv } from '../data/synthetic.js';
import { buildForecaster } from '../models/model-registry.js';
import { evaluateForecaster, evenlySpacedWindows } from './evaluate.js';
import { fitForecaster } from './fit.js';

describe('fitting a forecaster (wasm)', () => {
  beforeAll(() => initBackend('wasm'));
  const path = join(mkdtempSync(join(tmpdir(), 'fit-')), 'synthetic.csv');
  const dims = { seqLen: 48, labelLen: 48, predLen: 12, channels: 3, markChannels: 4, targetChannels: 3 };
  const hp = { dModel: 8, nHeads: 2, dFF: 16, dState: 4, dConv: 4, layers: 1 };
  const fit = { epochs: 3, batchSize: 16, learningRate: 3e-3, patience: 3, stepsPerEpoch: 10, valWindows: 64, testWindows: 128 };

  it('learns the synthetic series, deterministically, and restores the best epoch', async () => {
    writeSyntheticCsv(path, { rows: 1500, channels: 3, freq: 'h', seed: 1 });
    const data = loadForecastData({ path, kind: 'ratio', freq: 'h', features: 'M' }, dims.seqLen, dims.predLen);
    const run = async () => {
      const model = buildForecaster('mambaformer', hp, dims, new Rng(0));
      const untrained = await evaluateForecaster(model, data.test, evenlySpacedWindows(data.test, 128), 64);
      const result = await fitForecaster(model, data, { ...fit, seed: 0 });
      model.dispose();
      return { untrained, result };
    };
    const first = await run();
    const second = await run();
    expect(second.result.test).toEqual(first.result.test);
    expect(first.result.test.mse).toBeLessThan(first.untrained.mse);
    expect(first.result.curves.val).toHaveLength(3);
    expect(first.result.bestVal).toBe(Math.min(...first.result.curves.val.map((p) => p.y)));
  });

  it('resumes from the checkpoint of an epoch to the result of an uninterrupted run; a finished run resumed stays finished', async () => {
    writeSyntheticCsv(path, { rows: 1500, channels: 3, freq: 'h', seed: 1 });
    const data = loadForecastData({ path, kind: 'ratio', freq: 'h', features: 'M' }, dims.seqLen, dims.predLen);
    const checkpointPath = join(mkdtempSync(join(tmpdir(), 'fit-ckpt-')), 'run.safetensors');
    const run = async (epochs: number, checkpoint?: string) => {
      const model = buildForecaster('transformer', hp, dims, new Rng(0));
      const result = await fitForecaster(model, data, { ...fit, epochs, stepsPerEpoch: 4, seed: 0, ...(checkpoint === undefined ? {} : { checkpointPath: checkpoint }) });
      model.dispose();
      return result;
    };
    const whole = await run(3);
    await run(1, checkpointPath); // interrupted after its first epoch
    const resumed = await run(3, checkpointPath);
    expect(resumed).toEqual(whole);
    expect(await run(3, checkpointPath)).toEqual(whole);
  });

  it('runs a batch as micro-batches to the same updates (gradient accumulation)', async () => {
    writeSyntheticCsv(path, { rows: 1500, channels: 3, freq: 'h', seed: 1 });
    const data = loadForecastData({ path, kind: 'ratio', freq: 'h', features: 'M' }, dims.seqLen, dims.predLen);
    const run = async (microBatchSize?: number) => {
      const model = buildForecaster('mamba', hp, dims, new Rng(0));
      const result = await fitForecaster(model, data, { ...fit, epochs: 1, stepsPerEpoch: 4, seed: 0, microBatchSize });
      model.dispose();
      return result;
    };
    const whole = await run();
    const quarters = await run(4);
    expect(Math.abs(quarters.test.mse - whole.test.mse)).toBeLessThan(1e-4 * whole.test.mse);
    expect(Math.abs((quarters.curves.train[0]?.y as number) - (whole.curves.train[0]?.y as number))).toBeLessThan(1e-5);
    await expect(run(5)).rejects.toThrow('microBatchSize must be a positive integer dividing batchSize 16; got 5');
  });
});
