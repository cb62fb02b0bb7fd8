import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../models/architectures.js';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig, lmParameterCount } from '../models/lm-config.js';
import type { LmConfig } from '../models/lm-config.js';
import { benchModels, parseNamedPattern } from './bench-models.js';
import { PYTHON, TORCH_SCRIPT, probeTorch } from './environment.js';
import { crossover, hybridSpeedups, predictPrefillMs } from './generate-bench.js';
import type { GenerateRow } from './generate-bench.js';

describe('benchmark models', () => {
  it('the four architectures at equal parameters by default; issue 15’s models by --pattern at the preset width, tied, without RoPE', () => {
    const four = benchModels({ preset: 'base', tieEmbeddings: false, rope: true });
    expect(four.map((m) => [m.name, m.config.pattern])).toEqual([
      ['transformer', '*-*-*-*-'],
      ['mamba', 'mmmmmmmm'],
      ['mamba2', 'MMMMMMMM'],
      ['mamba2-hybrid', 'M-M-*-M-'],
    ]);
    expect(four[0]?.config.attention.ropeBase).toBe(10_000);
    const target = lmParameterCount(four[3]!.config);
    for (const m of four) expect(Math.abs(lmParameterCount(m.config) - target) / target).toBeLessThan(0.15);

    const issue15 = benchModels({ preset: 'base', patterns: ['transformer=*-*-*-*-', 'mamba2=MMMMMMMM', 'hybrid=M-M*M-M-'], tieEmbeddings: true, rope: false });
    expect(issue15.map((m) => [m.name, m.config.pattern, m.config.dModel, m.config.tieEmbeddings, m.config.attention.ropeBase])).toEqual([
      ['transformer', '*-*-*-*-', 256, true, undefined],
      ['mamba2', 'MMMMMMMM', 256, true, undefined],
      ['hybrid', 'M-M*M-M-', 256, true, undefined],
    ]);
    // the parameter counts of issue 15's byte LMs in results/bench/train.md
    expect(issue15.map((m) => lmParameterCount(m.config))).toEqual([3_213_568, 3_521_984, 3_629_920]);
    expect(parseNamedPattern('M-*-')).toEqual({ name: 'M-*-', pattern: 'M-*-' });
    expect(benchModels({ preset: 'tiny', architectures: ['mamba2,transformer'], tieEmbeddings: false, rope: true }).map((m) => m.name)).toEqual(['mamba2', 'transformer']);
  });
});

describe('generate benchmark summaries', () => {
  it('extrapolates a prefill from shorter contexts: a power law through the last two, exponent within [1, 2]', () => {
    expect(predictPrefillMs([], 1024, true)).toBeUndefined();
    expect(predictPrefillMs([{ context: 1024, ms: 100 }], 4096, false)).toBeCloseTo(400);
    expect(predictPrefillMs([{ context: 1024, ms: 100 }], 4096, true)).toBeCloseTo(1600);
    const quadratic = [{ context: 1024, ms: 100 }, { context: 4096, ms: 1600 }];
    expect(predictPrefillMs(quadratic, 16384, false)).toBeCloseTo(25_600);
    expect(predictPrefillMs([{ context: 1024, ms: 100 }, { context: 4096, ms: 200 }], 16384, true)).toBeCloseTo(800); // sublinear measured: linear assumed
  });

  it("finds the hybrid's speed-up over the Transformer and the crossover context", () => {
    const row = (model: string, context: number, ours: number | null, torch: number | null): GenerateRow => ({
      model, pattern: '', dModel: 32, context, tokens: 1, ratio: null,
      ours: { ms: [], msPerToken: ours, bestMsPerToken: ours === null ? null : ours - 1, prefillTokensPerSecond: null },
      torch: { ms: [], msPerToken: torch, bestMsPerToken: torch, prefillTokensPerSecond: null },
    });
    const rows = [
      row('transformer', 1024, 4, 4), row('transformer', 4096, 6, 8), row('transformer', 16384, 12, 30),
      row('mamba2-hybrid', 1024, 5, 3), row('mamba2-hybrid', 4096, 5, 4), row('mamba2-hybrid', 16384, null, 6),
    ];
    const speedups = hybridSpeedups(rows, [1024, 4096, 16384])!;
    expect(speedups.map((s) => s.ours.speedup)).toEqual([0.8, 1.2, null]);
    expect(speedups.map((s) => s.ours.bestSpeedup)).toEqual([0.75, 1.25, null]);
    expect(speedups.map((s) => s.torch.speedup)).toEqual([4 / 3, 2, 5]);
    expect(crossover(speedups, 'ours')).toBe(4096);
    expect(crossover(speedups, 'torch')).toBe(1024);
    expect(hybridSpeedups(rows.filter((r) => r.model !== 'transformer'), [1024])).toBeUndefined();
  });
});

/** Our weights by parameter name, as lm_bench.py's `check` loads them. */
function exportWeights(model: LanguageModel, path: string): void {
  const named: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [name, v] of model.parameters()) named[name] = { shape: v.shape, data: [...(v.dataSync() as Float32Array)] };
  writeFileSync(path, JSON.stringify(named));
}

describe.runIf(probeTorch().ok)('python/lm_bench.py against LanguageModel', () => {
  beforeAll(() => initBackend('wasm'));

  const cases: Array<[string, LmConfig]> = [
    ...ARCHITECTURES.map((architecture) => [architecture, lmConfig({ preset: 'tiny', architecture, vocabSize: 64 })] as [string, LmConfig]),
    ['issue-15 hybrid, tied', lmConfig({ preset: 'tiny', pattern: 'M-M*', vocabSize: 64, tieEmbeddings: true })],
  ];
  it.each(cases)('%s: same parameter count, the same logits from our weights, prefill + steps = the parallel forward', (_name, config) => {
    const model = new LanguageModel(config, new Rng(3));
    const weights = join(mkdtempSync(join(tmpdir(), 'lm-bench-')), 'weights.json');
    exportWeights(model, weights);
    const ids = [Array.from({ length: 12 }, (_, i) => (i * 7 + 3) % 64), Array.from({ length: 12 }, (_, i) => (i * 5 + 1) % 64)];
    const ours = tf.tidy(() => model.apply(tf.tensor2d(ids, [2, 12], 'int32')).dataSync() as Float32Array);
    const spec = { kind: 'check', model: config, context: 7, prefillChunk: 4, seed: 0, threads: 1, weights, tokens: ids };
    const check = spawnSync(PYTHON, [TORCH_SCRIPT, JSON.stringify(spec)], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const theirs = JSON.parse(check.stdout) as { maxAbsDiff: number; scale: number; parameters: number; logits: number[] };
    expect(theirs.parameters).toBe(model.numParameters());
    expect(theirs.parameters).toBe(lmParameterCount(config));
    const scale = Math.max(...ours.map(Math.abs));
    expect(scale).toBeGreaterThan(0.01);
    const diff = Math.max(...theirs.logits.map((v, i) => Math.abs(v - (ours[i] as number))));
    expect(diff / scale).toBeLessThan(1e-4);
    expect(theirs.maxAbsDiff / theirs.scale).toBeLessThan(1e-4);
    model.dispose();
  });
});
