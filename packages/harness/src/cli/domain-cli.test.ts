import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeToyWorkspace } from '../test-support/toy-workspace.js';
import { runCli } from './run-cli.js';

// A domain app as a user would write one, run against the built package (dist/).
const APP = writeToyWorkspace(mkdtempSync(join(tmpdir(), 'toy-workspace-')));
const run = (args: string[], cwd: string) => runCli(APP, args, cwd);

/** stderr's lines (the test machine may lack a Vulkan driver: no line may be about it either). */
const errorLines = (stderr: string) => stderr.trim().split('\n').filter((l) => l !== '');

describe('domain CLI', () => {
  it('reproduce writes the table under --out (relative to where it was run); a rerun resumes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'toy-cli-'));
    const result = await run(['reproduce', 'toy-table1', '--scale', 'smoke', '--backend', 'cpu', '--seeds', '0,1', '--quiet', '--out', 'out'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backend: cpu/);
    expect(result.stdout).toContain('toy-table1 (smoke): 4 cells run, 0 already done');
    expect(JSON.parse(readFileSync(join(cwd, 'out/toy/toy-table1.smoke.json'), 'utf8')).seeds).toEqual([0, 1]);
    const again = await run(['reproduce', 'all', '--backend', 'cpu', '--seeds', '0,1', '--quiet', '--out', 'out'], cwd);
    expect(again.stdout).toContain('0 cells run, 4 already done');
  });

  it('help: -h works, the top level lists tables, a command lists only its own options, with examples', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'toy-cli-'));
    const top = await run(['-h'], cwd);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/toy-table1: Toy table\s+models: linear, quadratic/);
    expect(top.stdout).toMatch(/reproduce <tables\.\.>/);
    const list = await run(['list', '--help'], cwd);
    expect(list.stdout).not.toMatch(/--shard|--resume|--seeds|--backend/);
    const reproduce = await run(['reproduce', '--help'], cwd);
    expect(reproduce.stdout).toMatch(/--seeds[\s\S]*--shard[\s\S]*Examples:/);
    const fetch = await run(['fetch', '--help'], cwd);
    expect(fetch.stdout).toMatch(/--data-dir/);
    expect(fetch.stdout).not.toMatch(/--seed/);
    for (const help of [top, list, reproduce, fetch]) expect(errorLines(help.stderr)).toEqual([]);
  });

  it('exits with status 1 and one line for bad flags, values and names, before any work', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'toy-cli-'));
    mkdirSync(join(cwd, 'a-directory'));
    for (const [args, message] of [
      [['reproduce', 'toy-table1', '--scael', 'small'], /^hybridssm-toy: Unknown argument: scael$/],
      [['reproduce', 'toy-table1', '--scale', 'huge'], /^hybridssm-toy: Invalid values: Argument: scale, Given: "huge", Choices: "smoke", "small", "paper"$/],
      [['reproduce', 'nope', '--backend', 'cpu'], /^hybridssm-toy: unknown table 'nope'; tables: toy-table1, all$/],
      [['reproduce', 'toy-table1', '--backend', 'cpu', '--shard', '2/2'], /^hybridssm-toy: --shard must be i\/n with 0 <= i < n \(e\.g\. 0\/4\); got '2\/2'$/],
      [['reproduce', 'toy-table1', '--backend', 'cpu', '--seeds', '1,x'], /^hybridssm-toy: --seeds must be comma-separated non-negative integers; got '1,x'$/],
      [['reproduce', 'toy-table1', '--seed', 'x'], /^hybridssm-toy: --seed must be a number; got 'x'$/],
      [['reproduce', 'toy-table1', '--seed', '1.5'], /^hybridssm-toy: --seed must be a non-negative integer; got 1.5$/],
      [['reproduce', 'toy-table1', '--seed', '1', '--seed', '0'], /^hybridssm-toy: --seed was given 2 times \(1, 0\); give it once$/],
      [['reproduce', 'toy-table1', '--seed', '1', '--seeds', '0,1'], /^hybridssm-toy: Arguments seeds and seed are mutually exclusive$/],
      [['list', '--seed', '1'], /^hybridssm-toy: Unknown argument: seed$/],
      [['merge', 'toy-table1', 'missing.json'], /^hybridssm-toy: cannot read .*missing\.json: /],
      [['ci', '--only', 'nope'], /^hybridssm-toy: unknown probe nope; probes: toy\.toy-table1\.linear\.a-3\.mse$/],
      [['ci', '--baselines', 'a-directory/none.json'], /^hybridssm-toy: baselines file .*none\.json cannot be read/],
      [['fetch', 'nope'], /^hybridssm-toy: unknown dataset 'nope'; known: Toy$/],
      [['frobnicate'], /^hybridssm-toy: Unknown argument: frobnicate$/],
      [[], /^hybridssm-toy: name a command \(--help lists them\)$/],
    ] as const) {
      const result = await run([...args], cwd);
      expect(result.code, args.join(' ')).toBe(1);
      expect(errorLines(result.stderr), args.join(' ')).toHaveLength(1);
      expect(errorLines(result.stderr)[0]).toMatch(message);
      expect(result.stdout, args.join(' ')).not.toMatch(/backend:/);
    }
  });
});
