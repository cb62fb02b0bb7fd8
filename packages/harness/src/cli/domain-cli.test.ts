import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOY_SPEC } from '../test-support/toy-table.js';
import { runCli } from './run-cli.js';

// A domain app as a user would write one, run against the built package (dist/).
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const APP = join(DIST, 'cli-test', 'toy-app.mjs');
mkdirSync(join(DIST, 'cli-test'), { recursive: true });
writeFileSync(
  APP,
  `import { runDomainCli } from '../index.js';
const spec = ${JSON.stringify(TOY_SPEC)};
const table = { spec, runCell: async (row, column, ctx) => {
  const base = (row.id === 'linear' ? 1 : 0.5) / Number(column.settings.n) + ctx.seed * 0.01;
  return { metrics: { mse: base, acc: 1 - base }, curves: { train: [{ x: 1, y: base }, { x: 2, y: base / 2 }] } };
} };
await runDomainCli({ name: 'hybridssm-toy', description: 'toy', tables: [table], argv: process.argv.slice(2) });
`,
);

const run = (args: string[], cwd: string) => runCli(APP, args, cwd);

describe('domain CLI', () => {
  it('reproduce writes the table under --out (relative to where it was run); --help lists tables and models', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'toy-cli-'));
    const result = await run(['reproduce', 'toy-table1', '--scale', 'smoke', '--backend', 'cpu', '--seeds', '0,1', '--quiet', '--out', 'out'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backend: cpu/);
    expect(result.stdout).toContain('toy-table1 (smoke): 4 cells run, 0 already done');
    expect(JSON.parse(readFileSync(join(cwd, 'out/toy/toy-table1.smoke.json'), 'utf8')).seeds).toEqual([0, 1]);
    const again = await run(['reproduce', 'all', '--backend', 'cpu', '--seeds', '0,1', '--quiet', '--out', 'out'], cwd);
    expect(again.stdout).toContain('0 cells run, 4 already done');
    const help = await run(['--help'], cwd);
    expect(help.stdout).toMatch(/toy-table1: Toy table\s+models: linear, quadratic/);
    expect(help.stdout).toMatch(/--data-dir/);
  });

  it('exits with status 1 and one line for bad flags, values and names', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'toy-cli-'));
    for (const [args, message] of [
      [['reproduce', 'toy-table1', '--scael', 'small'], /^hybridssm-toy: Unknown argument: scael$/],
      [['reproduce', 'toy-table1', '--scale', 'huge'], /^hybridssm-toy: Invalid values: Argument: scale, Given: "huge", Choices: "smoke", "small", "paper"$/],
      [['reproduce', 'nope', '--backend', 'cpu'], /^hybridssm-toy: unknown table 'nope'; tables: toy-table1, all$/],
      [['reproduce', 'toy-table1', '--backend', 'cpu', '--shard', '2/2'], /^hybridssm-toy: --shard must be i\/n with 0 <= i < n \(e\.g\. 0\/4\); got '2\/2'$/],
      [['reproduce', 'toy-table1', '--backend', 'cpu', '--seeds', '1,x'], /^hybridssm-toy: --seeds must be comma-separated non-negative integers; got '1,x'$/],
      [['merge', 'toy-table1', 'missing.json'], /^hybridssm-toy: cannot read .*missing\.json: /],
    ] as const) {
      const result = await run([...args], cwd);
      expect(result.code, args.join(' ')).toBe(1);
      const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('Warning:'));
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  });
});
