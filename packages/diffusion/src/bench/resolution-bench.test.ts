import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import type { BackendInfo } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKBONE_KINDS } from '../models/backbone-config.js';
import { backboneParameterCount } from '../models/parameter-count.js';
import { equalParameterBackbones } from './bench-models.js';
import { ditOverDimRatio } from './bench-probes.js';
import { parseImageSides } from './image-sides.js';
import { ATTENTION_SCORES_LIMIT_BYTES, SAMPLING_STEPS, attentionBatch, runResolutionBench } from './resolution-bench.js';
import type { ResolutionBenchResult } from './resolution-bench.js';
import { resolutionPlot, writeResolutionBench } from './resolution-report.js';

const TINY_GRID = { images: 2, side: 4, steps: 2 };

describe('runResolutionBench', () => {
  let backend: BackendInfo;
  let result: ResolutionBenchResult;

  beforeAll(async () => {
    backend = await initBackend('wasm');
    const before = tf.memory().numTensors;
    result = await runResolutionBench({ backend, preset: 'tiny', sizes: [8, 4], repeats: 2, batch: 2, grid: TINY_GRID, command: 'test' });
    expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
  });

  it('times the three backbones at equal parameters at each size and derives ms per image of a 50-step DDIM run', () => {
    expect(result.settings).toMatchObject({ preset: 'tiny', patch: 2, sizes: [4, 8], repeats: 2, requestedBatch: 2, samplingSteps: 50 });
    expect(result.models.map((m) => m.kind)).toEqual([...BACKBONE_KINDS]);
    // the tiny preset's widths step by 4 of 32: within 10%; the small preset's within 5%
    const [dimba, ...others] = result.models.map((m) => m.parameters) as [number, ...number[]];
    for (const parameters of others) expect(Math.abs(parameters / dimba - 1)).toBeLessThan(0.1);
    const [small, ...matched] = equalParameterBackbones('small').map(backboneParameterCount) as [number, ...number[]];
    for (const parameters of matched) expect(Math.abs(parameters / small - 1)).toBeLessThan(0.05);
    expect(result.rows.map((r) => [r.side, r.patches, r.kind])).toEqual([4, 8].flatMap((side) => BACKBONE_KINDS.map((kind) => [side, (side / 2) ** 2, kind])));
    for (const row of result.rows) {
      expect(row).toMatchObject({ batch: 2, skipped: null });
      expect(row.times).toHaveLength(2);
      expect(row.evaluationMs).toBeGreaterThan(0);
      expect(row.msPerImage).toBeCloseTo((SAMPLING_STEPS * (row.evaluationMs as number)) / 2, 9);
    }
  });

  it('fits a growth exponent per backbone, profiles the largest size by op and times the end-to-end grid', () => {
    for (const growth of result.growth) {
      expect(growth.steps).toEqual([{ fromPatches: 4, toPatches: 16, exponent: expect.any(Number) }]);
      expect(growth.fitted).toBeCloseTo(growth.steps[0]?.exponent as number, 9);
    }
    expect(result.profiles.map((p) => [p.kind, p.side])).toEqual(BACKBONE_KINDS.map((kind) => [kind, 8]));
    expect(result.profiles.find((p) => p.kind === 'dim')?.profile.ops.map((op) => op.name)).toContain('HybridSsmSelectiveScan');
    expect(result.grid).toMatchObject({ ...TINY_GRID, kind: 'dimba', guidance: 3 });
    expect(result.grid?.derivedMsPerImage).toBeCloseTo((2 * (result.grid?.evaluationMs as number)) / 2, 9);
    expect(result.provenance.backend.name).toBe('wasm');
    expect(result.load.start).toHaveLength(3);
  });

  it('writes JSON, a Markdown report and a log-log plot of ms per image against patches', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resolution-bench-'));
    try {
      const files = await writeResolutionBench(result, out);
      expect(files.map((f) => f.slice(out.length + 1))).toEqual(['bench-resolution.json', 'bench-resolution.md', 'bench-resolution.svg', 'bench-resolution.png']);
      expect(files.every((f) => existsSync(f))).toBe(true);
      expect(JSON.parse(readFileSync(join(out, 'bench-resolution.json'), 'utf8'))).toEqual(result);
      const md = readFileSync(join(out, 'bench-resolution.md'), 'utf8');
      expect(md).toContain('derived, not measured');
      expect(md).toMatch(/\| 8 \| 16 \| 2 \| [\d.,]+ \| [\d.,]+ \| [\d.,]+ \| [\d.]+× \| [\d.]+× \|/);
      expect(md).toMatch(/\| 4 → 16 \| -?[\d.]+ \| -?[\d.]+ \| -?[\d.]+ \|/);
      expect(md).toContain('Dimba keeps the self-attention of every Transformer block');
      expect(md).toContain('## End to end: one real sampling run');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const plot = resolutionPlot(result);
    expect(plot).toMatchObject({ logX: true, logY: true });
    expect(plot.series.map((s) => s.name)).toEqual(['Dimba', 'DiT', 'DiM', '∝ patches (through DiM)', '∝ patches² (through DiT)']);
  });

  it('skips the attention backbones where one image\'s attention scores exceed the limit, and still times DiM', async () => {
    // tiny preset: 2 heads, patch 2; 160 px = 6,400 patches: 2 · 2 · 6,400² float32 = 625 MiB
    expect(attentionBatch(16, 2, 6400)).toBe(0);
    const before = tf.memory().numTensors;
    const skipping = await runResolutionBench({ backend, preset: 'tiny', sizes: [4, 160], repeats: 1, batch: 2, grid: false, profile: false });
    expect(tf.memory().numTensors).toBe(before);
    const large = skipping.rows.filter((r) => r.side === 160);
    expect(large.map((r) => [r.kind, r.batch, r.evaluationMs === null])).toEqual([['dimba', 1, true], ['dit', 1, true], ['dim', 1, false]]);
    expect(large[0]?.skipped).toMatch(/^not run: one image's attention scores \(625 MiB\) exceed the 512 MiB limit$/);
    expect(skipping.growth.find((g) => g.kind === 'dit')?.steps).toEqual([]);
    expect(skipping.grid).toBeNull();
  });

  it('the probe measures DiT over DiM as a ratio of one run; no leaks', async () => {
    const before = tf.memory().numTensors;
    expect(await ditOverDimRatio({ preset: 'tiny', side: 8, rounds: 1 })).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('attentionBatch and parseImageSides', () => {
  it('reduces the batch so that one attention score tensor fits the limit', () => {
    const perImage = (heads: number, patches: number) => 2 * heads * patches ** 2 * 4;
    expect(perImage(4, 1024) * 16).toBe(ATTENTION_SCORES_LIMIT_BYTES);
    expect(attentionBatch(16, 4, 1024)).toBe(16);
    expect(attentionBatch(16, 4, 4096)).toBe(1);
    expect(attentionBatch(3, 4, 256)).toBe(3);
    expect(attentionBatch(16, 4, 8192)).toBe(0);
  });

  it('reads sides as sorted distinct multiples of the patch size, and names the bad ones', () => {
    expect(parseImageSides('sizes', '64,16, 32 16')).toEqual([16, 32, 64]);
    expect(() => parseImageSides('sizes', '16,30,x')).toThrow('--sizes must be image sides in pixels, positive multiples of the patch size 4; got 30, x');
    expect(() => parseImageSides('sizes', ' , ')).toThrow('--sizes: give at least one image side');
    expect(() => parseImageSides('sizes', '0')).toThrow(/got 0$/);
  });
});
