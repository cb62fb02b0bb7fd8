import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { validateResultFile } from '@hybridssm/harness';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
async function run(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [CLI, ...args], { cwd, env: { ...process.env, INIT_CWD: cwd } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('hybridssm-forecast', () => {
  it('reproduces the Mambaformer table at smoke scale: JSON (schema-valid), Markdown with the paper column, PNG curves', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run(['reproduce', 'mambaformer-table2', '--scale', 'smoke', '--quiet', '--backend', 'wasm'], cwd);
    expect(result.code, result.stderr).toBe(0);
    const json = join(cwd, 'results/forecast/mambaformer-table2.smoke.json');
    const table = validateResultFile(JSON.parse(readFileSync(json, 'utf8')), json);
    expect(table.cells.map((c) => c.row)).toEqual(['mambaformer', 'attention-mamba', 'mamba-attention', 'mamba', 'transformer', 'dlinear', 'patchtst']);
    for (const cell of table.cells) expect(Number.isFinite(cell.metrics.mse?.mean)).toBe(true);
    const markdown = readFileSync(join(cwd, 'results/forecast/mambaformer-table2.smoke.md'), 'utf8');
    expect(markdown).toMatch(/\| Synthetic 24 \| [\d.]+ \(—\) \|/);
    const png = table.plots.find((p) => p.endsWith('.png')) as string;
    expect((await sharp(join(cwd, 'results/forecast', png)).metadata()).format).toBe('png');
  });

  it('a missing dataset is one clear line and a non-zero exit', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run(['reproduce', 'mambaformer-table2', '--scale', 'small', '--quiet', '--backend', 'cpu', '--data-dir', 'nowhere'], cwd);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('Warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hybridssm-forecast: dataset ETTh1 not found at .*nowhere.*ETTh1\.csv/);
  });
});
