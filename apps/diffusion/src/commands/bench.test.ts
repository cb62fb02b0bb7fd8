import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@hybridssm/harness';
import type { ResolutionBenchResult } from '@hybridssm/diffusion';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const run = (args: string[]) => runCli(CLI, args, ROOT);

describe('hybridssm-diffusion bench resolution', () => {
  it('rejects bad flags before any work: exit 1 and one line', async () => {
    for (const [args, message] of [
      [['bench'], /^hybridssm-diffusion: choose a benchmark: resolution$/],
      [['bench', 'resolution', '--sizes', '16,30'], /^hybridssm-diffusion: --sizes must be image sides in pixels, positive multiples of the patch size 4; got 30$/],
      [['bench', 'resolution', '--sizes', ''], /^hybridssm-diffusion: --sizes: give at least one image side$/],
      [['bench', 'resolution', '--repeats', '0'], /^hybridssm-diffusion: --repeats must be a positive integer; got 0$/],
      [['bench', 'resolution', '--batch', '1.5'], /^hybridssm-diffusion: --batch must be a positive integer; got 1\.5$/],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(message);
    }
  });

  it('writes <out>/diffusion/bench-resolution.{json,md,svg,png}', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-resolution-'));
    try {
      const result = await run(['bench', 'resolution', '--sizes', '4,8', '--repeats', '1', '--batch', '2', '--no-grid', '--backend', 'wasm', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      const files = ['json', 'md', 'svg', 'png'].map((ext) => join(out, 'diffusion', `bench-resolution.${ext}`));
      for (const file of files) expect(existsSync(file), file).toBe(true);
      const written = JSON.parse(readFileSync(files[0] as string, 'utf8')) as ResolutionBenchResult;
      expect(written.command).toBe(`hybridssm-diffusion bench resolution --sizes 4,8 --repeats 1 --batch 2 --no-grid --backend wasm --out ${out}`);
      expect(written.rows.map((r) => [r.kind, r.patches])).toEqual([['dimba', 1], ['dit', 1], ['dim', 1], ['dimba', 4], ['dit', 4], ['dim', 4]]);
      expect(written.grid).toBeNull();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
