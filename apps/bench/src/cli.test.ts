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
      [['kernels', '--from', '/nonexistent/kernels.json'], /^hybridssm-bench: --from: cannot read \/nonexistent\/kernels\.json: ENOENT/],
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

  it('kernels --from rewrites kernels.md and the plot from a kernels.json, measuring nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-kernels-'));
    const shape = { op: 'ssdScan', b: 1, l: 256, h: 8, p: 64, n: 64 };
    const row = (impl: string, medianMs: number) => ({
      backend: 'webgpu', op: 'ssdScan', shape: 'b=1 l=256 h=8 p=64 n=64', pass: 'forward', impl, medianMs, madMs: 0.1,
      updatesPerSecond: 1e9 / medianMs, vsReference: Number.NaN, vsChunked: 0,
    });
    const rows = [row('chunked', 4.92), row('kernel', 1.19)];
    rows[1]!.vsChunked = 4.92 / 1.19;
    writeFileSync(join(dir, 'kernels.json'), JSON.stringify({ machine: 'a GPU machine', backends: ['webgpu (NVIDIA)'], shapes: [{ use: 'unused', shape: { op: 'selectiveScan', b: 1, l: 2, d: 3, n: 4 } }, { use: 'the one measured', shape }], rows }));
    const result = await run(['kernels', '--from', join(dir, 'kernels.json')]);
    expect(result.code, result.stderr).toBe(0);
    const md = readFileSync(join(dir, 'kernels.md'), 'utf8');
    expect(md).toContain('Measured on a GPU machine; backends: webgpu (NVIDIA).');
    expect(md).toContain('- the one measured: b=1 l=256 h=8 p=64 n=64');
    expect(md).not.toContain('unused');
    expect(md).toMatch(/\| webgpu \| ssdScan \| b=1 l=256 h=8 p=64 n=64 \| forward \| kernel \| 1\.19 \| 0\.10 \| .* \| — \| 4\.13 \|/);
    expect(readFileSync(join(dir, 'kernels.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
