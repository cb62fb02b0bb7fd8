import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@hybridssm/core';
import type { BackendInfo } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SMOKE } from '../tables/scales.js';
import { profileForecastUpdate, writeForecastUpdateProfile } from './update-profile.js';

describe('profileForecastUpdate', () => {
  let backend: BackendInfo;
  beforeAll(async () => {
    backend = await initBackend('wasm');
  });
  const options = (dir: string) => ({ model: 'mambaformer' as const, config: SMOKE, scale: 'smoke', dataset: 'synthetic', dataDir: dir, horizon: 24, updates: 2 });

  it("times and profiles the fit's update (two passes of 8 for a batch of 16), writes the report, leaks nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-profile-test-'));
    const before = tf.memory().numTensors;
    const result = await profileForecastUpdate({ ...options(dir), microBatchSize: 8 }, backend);
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ model: 'mambaformer', batchSize: 16, microBatchSize: 8 });
    expect(result.updateMs).toBeGreaterThan(0);
    expect(result.parameters).toBeGreaterThan(1000);
    const names = result.profile.ops.map((op) => op.name);
    // the Mambaformer's attention and Linear layers, and its Mamba layer's fused scan and gradient
    for (const op of ['BatchMatMul', 'HybridSsmSelectiveScan', 'HybridSsmSelectiveScanGrad']) expect(names).toContain(op);
    expect(result.profile.opMs).toBeGreaterThan(0);
    const [json, md] = writeForecastUpdateProfile(result, dir);
    expect(JSON.parse(readFileSync(json as string, 'utf8')).microBatchSize).toBe(8);
    const text = readFileSync(md as string, 'utf8');
    expect(text).toContain('# One training update of mambaformer at `smoke`, synthetic-24');
    expect(text).toContain('16 windows as 2 pass(es) of 8, then AdamW');
    expect(text).toMatch(/\| BatchMatMul \| [\d.]+ \| \d+% \| \d+ \|/);
  });

  it('names a micro-batch that does not divide the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-profile-test-'));
    await expect(profileForecastUpdate({ ...options(dir), microBatchSize: 5 }, backend)).rejects.toThrow('microBatchSize must be a positive integer dividing the batch size 16; got 5');
  });
});
