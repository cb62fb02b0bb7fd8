import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { HARNESS_DIST, writeToyWorkspace } from '../test-support/toy-workspace.js';

// The root commands (`pnpm start` = main.js smoke, `pnpm bench:ci` = main.js bench:ci, `pnpm hybridssm`
// = main.js run) on a workspace whose only domain is defined in a fixture folder.
const MAIN = join(HARNESS_DIST, 'workspace', 'main.js');

describe('root commands find a new domain by its folder alone', () => {
  const root = mkdtempSync(join(tmpdir(), 'toy-workspace-'));
  writeToyWorkspace(root);
  const task = (args: string[]) => runCli(MAIN, args, root, { HYBRIDSSM_WORKSPACE: root });

  it('`run toy list` lists its tables; an unknown app is one line', async () => {
    const list = await task(['run', 'toy', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/toy-table1: Toy table/);
    const unknown = await task(['run', 'nope', 'list']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("hybridssm: unknown app 'nope'; apps: toy");
    const usage = await task(['run', 'toy', 'reproduce', '--help']);
    expect(usage.stdout).toMatch(/^pnpm hybridssm toy reproduce <tables\.\.>/);
  });

  it('smoke reproduces its smoke tables under the root and lists them', async () => {
    const smoke = await task(['smoke', '--backend', 'cpu', '--quiet']);
    expect(smoke.code, smoke.stderr).toBe(0);
    expect(existsSync(join(root, 'results/toy/toy-table1.smoke.json'))).toBe(true);
    expect(smoke.stdout).toMatch(/Smoke tables written[^\n]*\n\s+results\/toy\/toy-table1\.smoke\.md/);
  });

  it('bench:ci runs its probes against results/baselines/toy.json and fails when one regressed', async () => {
    const update = await task(['run', 'toy', 'ci', '--update-baselines']);
    expect(update.code, update.stderr).toBe(0);
    const baselines = join(root, 'results/baselines/toy.json');
    const file = JSON.parse(readFileSync(baselines, 'utf8')) as { probes: Record<string, { value: number }> };
    expect(file.probes['toy.toy-table1.linear.a-3.mse']?.value).toBeCloseTo(1 / 3, 6);

    const pass = await task(['bench:ci']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/\| toy\.toy-table1\.linear\.a-3\.mse \| 0\.33333 \| 0\.33333 \| ≤ 0\.36667 \| ok \|/);

    (file.probes['toy.toy-table1.linear.a-3.mse'] as { value: number }).value = 0.1;
    writeFileSync(baselines, JSON.stringify(file));
    const fail = await task(['bench:ci']);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/regression in toy\.toy-table1\.linear\.a-3\.mse/);
    expect(fail.stderr).toMatch(/hybridssm: bench:ci failed in @toy\/app/);
  });
});
