import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TOY_SPEC } from './toy-table.js';

/** The built harness (dist/), as an app outside this package imports it. */
export const HARNESS_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * Writes a workspace with one domain app, `apps/toy`, defined entirely in its own folder as a user
 * would write one (a domain value with a table, a probe and a dataset; its package.json with the `smoke` and `bench:ci`
 * scripts). Nothing in harness names it. Returns the app's CLI script.
 */
export function writeToyWorkspace(root: string): string {
  const app = join(root, 'apps', 'toy');
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: '@toy/app',
      private: true,
      type: 'module',
      bin: { 'hybridssm-toy': './cli.mjs' },
      scripts: { smoke: 'node cli.mjs reproduce all --scale smoke', 'bench:ci': 'node cli.mjs ci' },
    }),
  );
  const cli = join(app, 'cli.mjs');
  writeFileSync(
    cli,
    `import { defineDomain, runDomainCli, smokeCellProbe } from ${JSON.stringify(pathToFileURL(join(HARNESS_DIST, 'index.js')).href)};
const table = {
  spec: ${JSON.stringify(TOY_SPEC)},
  async runCell(row, column, ctx) {
    const base = (row.id === 'linear' ? 1 : 0.5) / Number(column.settings.n) + ctx.seed * 0.01;
    return { metrics: { mse: base, acc: 1 - base }, curves: { train: [{ x: 1, y: base }, { x: 2, y: base / 2 }] } };
  },
};
const domain = defineDomain({
  name: 'toy',
  description: 'A toy domain.',
  tables: [table],
  probes: [smokeCellProbe(table, { row: 'linear', column: 'a-3', metric: 'mse' })],
  datasets: [{ name: 'Toy', aliases: ['toy-data'], file: 'toy/toy.csv', url: 'https://example.org/toy.csv', source: 'https://example.org', licence: 'CC0' }],
});
await runDomainCli(domain);
`,
  );
  return cli;
}
