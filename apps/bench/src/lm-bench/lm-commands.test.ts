import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackParameterCount } from '@hybridssm/core';
import { runCli } from '@hybridssm/harness';
import { describe, expect, it } from 'vitest';
import { BENCH_LM, BENCH_PATTERNS, stackConfig } from '../lm/byte-lm.js';
import { PYTHON, TORCH_SCRIPT, probeTorch } from './environment.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(CLI, args, ROOT, env);

describe('hybridssm-bench train and generate', () => {
  it('reject bad flags before any work: exit 1 and one line', async () => {
    for (const [args, message] of [
      [['train', '--batch', '0'], /^hybridssm-bench: --batch must be integers >= 1; got 0$/],
      [['train', '--seq', '1.5'], /^hybridssm-bench: --seq must be a positive integer; got 1\.5$/],
      [['train', '--patterns', 'M?M'], /^hybridssm-bench: --patterns: 'M\?M' is neither transformer, mamba2, hybrid nor a layer pattern: parsePattern: unknown layer character '\?' at position 1/],
      [['train', '--d-model', '48'], /^hybridssm-bench: --d-model must be a positive multiple of 32/],
      [['generate', '--contexts', '1024,zero'], /^hybridssm-bench: --contexts must be integers >= 1; got zero$/],
      [['generate', '--tokens', '0'], /^hybridssm-bench: --tokens must be a positive integer; got 0$/],
      [['generate', '--threads', '0'], /^hybridssm-bench: --threads must be a positive integer; got 0$/],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(message);
    }
  });

  it('generate --contexts 32,64 writes its results; --torch without torch says so in one line and runs ours alone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-generate-'));
    const result = await run(
      ['generate', '--contexts', '32,64', '--tokens', '2', '--d-model', '32', '--patterns', 'hybrid', '--torch', '--quiet', '--out', out],
      { HYBRIDSSM_PYTHON: '/nonexistent/python3' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('--torch:'))).toEqual([
      expect.stringMatching(/^--torch: \/nonexistent\/python3 cannot run \(.*\); install it with apt-get install python3-torch\. Running ours alone\.$/),
    ]);
    const file = JSON.parse(readFileSync(join(out, 'generate.json'), 'utf8')) as {
      machine: { cpu: string; cores: number };
      torch: unknown;
      rows: Array<{ pattern: string; context: number; ours: { msPerToken: number; prefillTokensPerSecond: number; parameters: number; memory: { wasmHeapBytes: number; peakRssBytes: number }; profile: { ops: unknown[] } } }>;
    };
    expect(file.machine.cores).toBeGreaterThan(0);
    expect(file.torch).toBeNull();
    expect(file.rows.map((r) => [r.pattern, r.context])).toEqual([['hybrid', 32], ['hybrid', 64]]);
    for (const row of file.rows) {
      expect(row.ours.msPerToken).toBeGreaterThan(0);
      expect(row.ours.prefillTokensPerSecond).toBeGreaterThan(0);
      expect(row.ours.memory.peakRssBytes).toBeGreaterThan(0);
      expect(row.ours.profile.ops.length).toBeGreaterThan(0);
    }
    for (const ext of ['md', 'svg', 'png']) expect(existsSync(join(out, `generate.${ext}`)), ext).toBe(true);
  });

  it.runIf(probeTorch().ok)('the PyTorch models count the same parameters as ours and generate like their parallel forward', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-train-'));
    const result = await run(['train', '--batch', '1', '--seq', '16', '--steps', '1', '--d-model', '32', '--patterns', 'hybrid', '--torch', '--quiet', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(out, 'train.json'), 'utf8')) as { torch: { version: string }; rows: Array<{ ratio: number; ours: { parameters: number }; torch: { parameters: number; profile: { ops: unknown[] } } }> };
    expect(file.torch.version).toMatch(/^\d/);
    expect(file.rows).toHaveLength(1);
    expect(file.rows[0]?.torch.parameters).toBe(file.rows[0]?.ours.parameters);
    expect(file.rows[0]?.ratio).toBeGreaterThan(0);
    expect(file.rows[0]?.torch.profile.ops.length).toBeGreaterThan(0);
    for (const pattern of Object.values(BENCH_PATTERNS)) {
      const model = { ...BENCH_LM, dModel: 32, pattern };
      const spec = { kind: 'check', model, context: 70, prefillChunk: 32, seed: 0, threads: 1 };
      const check = spawnSync(PYTHON, [TORCH_SCRIPT, JSON.stringify(spec)], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
      const { maxAbsDiff, scale, parameters } = JSON.parse(check.stdout) as { maxAbsDiff: number; scale: number; parameters: number };
      expect(parameters, pattern).toBe(256 * 32 + stackParameterCount(stackConfig(model)));
      expect(scale).toBeGreaterThan(0.01);
      expect(maxAbsDiff, pattern).toBeLessThan(1e-4);
    }
  });
});
