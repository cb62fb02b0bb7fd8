import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import { runOneCell } from '@hybridssm/harness';
import type { TableDefinition } from '@hybridssm/harness';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRID_GAP } from '../data/image-grid.js';
import { diffusionDomain } from '../domain.js';
import { backboneParameterCount } from '../models/parameter-count.js';
import { dimbaMnistTable } from './dimba-mnist-table.js';
import { dimbaShapesTable } from './dimba-shapes-table.js';
import { DIMBA_REPORTED_FID_30K, PAPER_FID_COLUMN } from './paper.js';
import { sampleGridPath } from './sample-grid-path.js';
import { DIFFUSION_TABLE_SCALES, SMALL_TRAINING_STEPS } from './scales.js';
import { BACKBONE_ROWS, cellBackbone } from './train-cell.js';
import type { DiffusionTableConfig } from './train-cell.js';

/** The smoke configuration cut down further, so that a cell runs in seconds. */
const QUICK: DiffusionTableConfig = {
  ...DIFFUSION_TABLE_SCALES.smoke.config,
  data: { trainCount: 128, testCount: 16, resolution: 16 },
  fit: { ...DIFFUSION_TABLE_SCALES.smoke.config.fit, steps: 6 },
  sampling: { steps: 3, guidance: 3, prompts: 8 },
};

async function runQuickCell(table: TableDefinition<DiffusionTableConfig>, row: string, column: string) {
  const dir = mkdtempSync(join(tmpdir(), 'diffusion-cell-'));
  const outcome = await runOneCell(table, { row, column, config: QUICK, dir });
  return { outcome, dir };
}

describe('diffusion tables', () => {
  beforeAll(() => initBackend('wasm'));

  it('the domain validates; scales train only dimba, dit and dim; the paper numbers sit in reference rows no scale runs', () => {
    expect(diffusionDomain.tables.map((t) => t.spec.id)).toEqual(['dimba-mnist', 'dimba-shapes']);
    expect(diffusionDomain.probes?.map((p) => p.name)).toEqual(['diffusion.dimba-mnist.dimba.digits.frechet', 'resolution.dit-over-dim']);
    const trained = BACKBONE_ROWS.map((r) => r.id);
    for (const { spec } of diffusionDomain.tables) {
      for (const scale of Object.values(spec.scales)) {
        expect(scale.rows).toEqual(trained);
        expect(scale.columns).not.toContain(PAPER_FID_COLUMN.id);
      }
      expect(spec.reported).toEqual({ 'dimba-l-paper': { 'coco-fid30k': { frechet: 8.93 } }, 'dimba-g-paper': { 'coco-fid30k': { frechet: 8.15 } } });
      expect(spec.paper.note).toMatch(/third-party summary, unverified/);
      expect(spec.paper.note).toMatch(/different data, a different scale/);
      expect(spec.metrics.find((m) => m.id === 'frechet')?.label).toBe('Fréchet distance (classifier features)');
      expect(JSON.stringify(spec)).not.toMatch(/\bFID\b(?!-30K)/);
    }
    expect(DIMBA_REPORTED_FID_30K).toEqual({ 'dimba-l-paper': 8.93, 'dimba-g-paper': 8.15 });
    expect(dimbaMnistTable.spec.scales.smoke.columns).toEqual(['digits']);
    expect(dimbaMnistTable.spec.scales.small.columns).toEqual(['mnist']);
    expect(dimbaShapesTable.spec.scales.smoke.columns).toEqual(['shapes-32']);
    const small = DIFFUSION_TABLE_SCALES.small.config;
    expect([small.backbone.preset, small.fit.steps, small.fit.batch, small.fit.learningRate, small.sampling]).toEqual(['small', SMALL_TRAINING_STEPS, 32, 2e-3, { steps: 50, guidance: 3, prompts: 100 }]);
    // the paper's linear schedule and ε at smoke and paper; small trains what learned faster at its budget
    expect([DIFFUSION_TABLE_SCALES.smoke.config.diffusion, small.diffusion]).toEqual([{ schedule: 'linear', prediction: 'epsilon' }, { schedule: 'cosine', prediction: 'v' }]);
  });

  it('dit and dim are sized to the scale\'s Dimba within 5 %, for grey and RGB images', () => {
    for (const scale of ['smoke', 'small'] as const) {
      const side = DIFFUSION_TABLE_SCALES[scale].config.data.resolution;
      for (const data of [{ height: side ?? 28, channels: 1 }, { height: side ?? 32, channels: 3 }]) {
        const config = DIFFUSION_TABLE_SCALES[scale].config;
        const reference = backboneParameterCount(cellBackbone('dimba', config, data));
        for (const kind of ['dit', 'dim'] as const) {
          const backbone = cellBackbone(kind, config, data);
          expect(backbone.kind).toBe(kind);
          expect(Math.abs(backboneParameterCount(backbone) / reference - 1), `${scale} ${kind} ${JSON.stringify(data)}`).toBeLessThan(0.05);
        }
      }
    }
  });

  it('a smoke cell trains, samples and scores deterministically, in range, without leaking tensors, and writes its grid', async () => {
    const before = tf.memory().numTensors;
    const first = await runQuickCell(dimbaMnistTable, 'dimba', 'digits');
    const again = await runQuickCell(dimbaMnistTable, 'dimba', 'digits');
    expect(tf.memory().numTensors).toBe(before);
    const { metrics, curves } = first.outcome;
    expect(metrics['prompt-accuracy']).toBeGreaterThanOrEqual(0);
    expect(metrics['prompt-accuracy']).toBeLessThanOrEqual(100);
    expect(metrics.frechet).toBeGreaterThan(0);
    expect(metrics['ms-per-image']).toBeGreaterThan(0);
    expect(metrics.parameters).toBe(backboneParameterCount(cellBackbone('dimba', QUICK, { height: 16, channels: 1 })));
    expect(curves?.['train loss']).toHaveLength(QUICK.fit.steps);
    const deterministic = (m: Record<string, number>) => ({ ...m, 'ms-per-image': 0 });
    expect(deterministic(again.outcome.metrics)).toEqual(deterministic(metrics));

    const grid = join(first.dir, 'sample-grids', 'dimba-digits-seed0.png');
    const { width, height } = await sharp(grid).metadata();
    const side = 2 * 16 + GRID_GAP;
    expect([width, height]).toEqual([8 * side + GRID_GAP, side + GRID_GAP]);
    expect(readdirSync(first.dir)).toContain('classifier.digits.safetensors');
  }, 60_000);

  it('a dim cell runs on RGB shapes', async () => {
    const { outcome, dir } = await runQuickCell(dimbaShapesTable, 'dim', 'shapes-32');
    expect(outcome.metrics.parameters).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'sample-grids', 'dim-shapes-32-seed0.png'))).toBe(true);
  }, 60_000);

  it('refuses to run a reference row or the paper\'s column', async () => {
    await expect(runQuickCell(dimbaMnistTable, 'dimba-l-paper', 'digits')).rejects.toThrow(/row 'dimba-l-paper' is not trained/);
    await expect(runQuickCell(dimbaMnistTable, 'dimba', 'coco-fid30k')).rejects.toThrow(/column 'coco-fid30k' has dataset "coco"/);
  });

  it('puts a runner cell\'s grid under results/<domain>/sample-grids/<table>.<scale>/, any other beside its checkpoint', () => {
    expect(sampleGridPath('results/diffusion/runs/dimba-mnist.small/dimba__mnist__seed0.ckpt.safetensors', 'dimba', 'mnist', 0)).toBe('results/diffusion/sample-grids/dimba-mnist.small/dimba-mnist-seed0.png');
    expect(sampleGridPath('/tmp/probe-x/ckpt.safetensors', 'dit', 'digits', 2)).toBe('/tmp/probe-x/sample-grids/dit-digits-seed2.png');
  });
});
