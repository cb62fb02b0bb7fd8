import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@hybridssm/harness';
import { describe, expect, it } from 'vitest';
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CORE_BASELINES = join(ROOT, 'results/baselines/core.json');
// run from the repository root, as `pnpm bench:ci` does (relative paths start there)
const run = (args: string[]) => runCli(CLI, args, ROOT);

describe('hybridssm-bench CLI', () => {
  it('exits non-zero with one line for an unknown flag, a bad value, and an unknown probe', async () => {
    for (const [args, message] of [
      [['throughput', '--timez', '3'], /^hybridssm-bench: Unknown argument: timez$/],
      [['throughput', '--time', '0'], /^hybridssm-bench: --time must be a positive integer; got 0$/],
      [['demo'], /^hybridssm-bench: Unknown argument: demo$/],
      [['kernels', '--shapes', '9'], /^hybridssm-bench: --shapes: expected numbers 1–7; got 9$/],
      [['ci', '--only', 'nope'], /^hybridssm-bench: unknown probe nope; probes: selectiveScan\.chunked-speedup, /],
      [['ci', '--baselines', '/nonexistent/b.json'], /^hybridssm-bench: baselines file \/nonexistent\/b\.json cannot be read/],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('hybridssm-bench'))).toHaveLength(1);
      expect(result.stderr.trim().split('\n').at(-1)).toMatch(message);
    }
  });

  it('bench:ci passes on the committed baseline and fails, naming the probe, when the baseline is out of tolerance', async () => {
    const probe = 'selectiveScan.kernel-speedup';
    const pass = await run(['ci', '--only', probe]);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/\| selectiveScan\.kernel-speedup \| .* \| ok \|/);

    const committed = JSON.parse(readFileSync(CORE_BASELINES, 'utf8')) as { probes: Record<string, { value: number }> };
    const edited = structuredClone(committed);
    (edited.probes[probe] as { value: number }).value *= 1000; // claim the kernel used to be a thousand times faster
    const path = join(mkdtempSync(join(tmpdir(), 'bench-ci-')), 'baselines.json');
    writeFileSync(path, JSON.stringify(edited));
    const fail = await run(['ci', '--only', probe, '--baselines', path]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/\| selectiveScan\.kernel-speedup \| .* \| regressed \|/);
    expect(fail.stderr).toMatch(/regression in selectiveScan\.kernel-speedup/);
  });

  it('--update-baselines --only refreshes one probe in the baseline file and keeps the others', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-baselines-')), 'core.json');
    const committed = readFileSync(CORE_BASELINES, 'utf8');
    writeFileSync(file, committed);
    const result = await run(['ci', '--only', 'selectiveScan.kernel-speedup', '--update-baselines', '--baselines', file]);
    expect(result.code, result.stderr).toBe(0);
    const before = JSON.parse(committed) as { probes: Record<string, { value: number }> };
    const after = JSON.parse(readFileSync(file, 'utf8')) as { probes: Record<string, { value: number }> };
    expect(Object.keys(after.probes).sort()).toEqual(Object.keys(before.probes).sort());
    expect(after.probes['ssdScan.kernel-speedup']).toEqual(before.probes['ssdScan.kernel-speedup']);
    expect(after.probes['selectiveScan.kernel-speedup']?.value).not.toBe(before.probes['selectiveScan.kernel-speedup']?.value);
  });
});
