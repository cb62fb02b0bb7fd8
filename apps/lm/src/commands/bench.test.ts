import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@hybridssm/harness';
import { probeTorch } from '@hybridssm/lm/bench';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(CLI, args, ROOT, env);

describe('hybridssm-lm bench train and generate', () => {
  it('reject bad flags before any work: exit 1 and one line', async () => {
    for (const [args, message] of [
      [['bench'], /^hybridssm-lm: name a benchmark: bench train or bench generate$/],
      [['bench', 'train', '--batch', '0'], /^hybridssm-lm: --batch must be integers >= 1; got 0$/],
      [['bench', 'train', '--seq', '1.5'], /^hybridssm-lm: --seq must be a positive integer; got 1\.5$/],
      [['bench', 'train', '--pattern', 'hybrid=M?M'], /^hybridssm-lm: --pattern: 'hybrid=M\?M': parsePattern: unknown layer character '\?' at position 1/],
      [['bench', 'train', '--pattern', '=MM'], /^hybridssm-lm: --pattern: '=MM' has no name before '='/],
      [['bench', 'train', '--pattern', 'a=MM', '--pattern', 'a=M-'], /^hybridssm-lm: two benchmarked models are named 'a'/],
      [['bench', 'train', '--architectures', 'rwkv'], /^hybridssm-lm: --architectures: architecture must be one of transformer, mamba, mamba2, mamba2-hybrid; got "rwkv"$/],
      [['bench', 'train', '--preset', 'huge'], /^hybridssm-lm: Invalid values:/],
      [['bench', 'generate', '--contexts', '1024,zero'], /^hybridssm-lm: --contexts must be integers >= 1; got zero$/],
      [['bench', 'generate', '--tokens', '0'], /^hybridssm-lm: --tokens must be a positive integer; got 0$/],
      [['bench', 'generate', '--threads', '0'], /^hybridssm-lm: --threads must be a positive integer; got 0$/],
      [['bench', 'generate', '--prefill-budget', '0'], /^hybridssm-lm: --prefill-budget must be a positive number of minutes; got 0$/],
      [['bench', 'generate', '--seq', '8'], /^hybridssm-lm: Unknown argument: seq$/],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(message);
    }
  });

  it('generate writes its results, the hybrid against the Transformer; --torch without torch says so in one line and runs ours alone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-generate-'));
    const result = await run(
      ['bench', 'generate', '--preset', 'tiny', '--architectures', 'transformer,mamba2-hybrid', '--contexts', '32,64', '--tokens', '2', '--torch', '--quiet', '--out', out],
      { HYBRIDSSM_PYTHON: '/nonexistent/python3' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('--torch:'))).toEqual([
      expect.stringMatching(/^--torch: \/nonexistent\/python3 cannot run \(.*\); install it with apt-get install python3-torch\. Running ours alone\.$/),
    ]);
    const file = JSON.parse(readFileSync(join(out, 'bench-generate.json'), 'utf8')) as {
      command: string;
      machine: { cpu: string; cores: number };
      torch: unknown;
      shapes: { models: Array<{ name: string; config: { dModel: number; pattern: string } }> };
      rows: Array<{ model: string; context: number; ours: { msPerToken: number; prefillTokensPerSecond: number; parameters: number; memory: { wasmHeapBytes: number; peakRssBytes: number }; profile: { ops: unknown[] } } }>;
      hybridVsTransformer: { speedups: Array<{ context: number; ours: { speedup: number } }>; crossover: { ours: number | null; torch: null } };
    };
    expect(file.command).toBe('hybridssm-lm bench generate --preset tiny --architectures transformer,mamba2-hybrid --contexts 32,64 --tokens 2 --torch --quiet --out ' + out);
    expect(file.machine.cores).toBeGreaterThan(0);
    expect(file.torch).toBeNull();
    expect(file.shapes.models.map((m) => [m.name, m.config.pattern])).toEqual([['transformer', '*-*-'], ['mamba2-hybrid', 'M-*-']]);
    expect(file.rows.map((r) => [r.model, r.context])).toEqual([['transformer', 32], ['transformer', 64], ['mamba2-hybrid', 32], ['mamba2-hybrid', 64]]);
    for (const row of file.rows) {
      expect(row.ours.msPerToken).toBeGreaterThan(0);
      expect(row.ours.prefillTokensPerSecond).toBeGreaterThan(0);
      expect(row.ours.memory.peakRssBytes).toBeGreaterThan(0);
      expect(row.ours.profile.ops.length).toBeGreaterThan(0);
    }
    expect(file.hybridVsTransformer.speedups.map((s) => s.context)).toEqual([32, 64]);
    for (const s of file.hybridVsTransformer.speedups) expect(s.ours.speedup).toBeGreaterThan(0);
    expect(file.hybridVsTransformer.crossover.torch).toBeNull();
    const md = readFileSync(join(out, 'bench-generate.md'), 'utf8');
    expect(md).toMatch(/## The hybrid against the Transformer/);
    expect(md).toMatch(/Crossover \(the smallest measured context where the hybrid is faster per token\): ours /);
    for (const ext of ['md', 'svg', 'png']) expect(existsSync(join(out, `bench-generate.${ext}`)), ext).toBe(true);

    // --from: the report rewritten from these measurements, nothing measured again
    const again = mkdtempSync(join(tmpdir(), 'bench-rewrite-'));
    const rewritten = await run(['bench', 'generate', '--from', join(out, 'bench-generate.json'), '--out', again, '--stem', 'report']);
    expect(rewritten.code, rewritten.stderr).toBe(0);
    const copy = JSON.parse(readFileSync(join(again, 'report.json'), 'utf8')) as typeof file & { rewrittenAt: string };
    expect(copy.rows.map((r) => r.ours.msPerToken)).toEqual(file.rows.map((r) => r.ours.msPerToken));
    expect(copy.command).toBe(file.command);
    expect(copy.rewrittenAt).toMatch(/^\d{4}-/);
    expect(readFileSync(join(again, 'report.md'), 'utf8')).toMatch(/Report rewritten from its measurements/);
    expect(existsSync(join(again, 'report.png'))).toBe(true);
    const missing = await run(['bench', 'generate', '--from', join(again, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^hybridssm-lm: --from: cannot read .*nope\.json/);
  });

  it('generate skips a context whose prefill would outlast --prefill-budget, and says why', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-budget-'));
    // 0.00001 min = 0.6 ms: the first context always runs (nothing to extrapolate from), the second cannot fit
    const result = await run(['bench', 'generate', '--preset', 'tiny', '--architectures', 'mamba2', '--contexts', '16,4096', '--tokens', '1', '--prefill-budget', '0.00001', '--quiet', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(out, 'bench-generate.json'), 'utf8')) as { rows: Array<{ context: number; ours: { msPerToken: number | null; skipped?: string } }> };
    expect(file.rows[0]?.ours.msPerToken).toBeGreaterThan(0);
    expect(file.rows[1]?.ours.skipped).toMatch(/^prefill would take ~\d+ s \(over the 0\.00001-min budget\)$/);
    expect(readFileSync(join(out, 'bench-generate.md'), 'utf8')).toMatch(/- mamba2 4096: ours and PyTorch: prefill would take/);
  });

  it.runIf(probeTorch().ok)('train: PyTorch builds the same models (parameter counts equal), issue 15-style --pattern models included', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-train-'));
    const result = await run([
      'bench', 'train', '--preset', 'tiny', '--batch', '1', '--seq', '16', '--steps', '1', '--architectures', 'mamba', '--pattern', "hybrid=M-M*",
      '--tie-embeddings', '--torch', '--quiet', '--out', out, '--stem', 'train',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(out, 'train.json'), 'utf8')) as {
      torch: { version: string };
      rows: Array<{ model: string; dModel: number; ratio: number; ours: { parameters: number; tokensPerSecond: number }; torch: { parameters: number; profile: { ops: unknown[] } } }>;
    };
    expect(file.torch.version).toMatch(/^\d/);
    expect(file.rows.map((r) => [r.model, r.dModel])).toEqual([['mamba', 32], ['hybrid', 32]]);
    for (const row of file.rows) {
      expect(row.torch.parameters).toBe(row.ours.parameters);
      expect(row.ours.tokensPerSecond).toBeGreaterThan(0);
      expect(row.ratio).toBeGreaterThan(0);
      expect(row.torch.profile.ops.length).toBeGreaterThan(0);
    }
    expect(existsSync(join(out, 'train.md'))).toBe(true);
  });
});
