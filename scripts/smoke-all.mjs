#!/usr/bin/env node
// `pnpm start`: the smoke scale of every registered paper table, one domain app after another,
// then a summary of the result files. Extra arguments (e.g. --backend cpu) go to every app.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const APPS = [{ domain: 'forecast', cli: 'apps/forecast/dist/cli.js' }];
const extra = process.argv.slice(2);

for (const app of APPS) {
  console.log(`\n== ${app.domain}: reproduce all --scale smoke ${extra.join(' ')}`);
  const run = spawnSync(process.execPath, [app.cli, 'reproduce', 'all', '--scale', 'smoke', ...extra], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

console.log('\nResult files (our numbers beside the paper\'s; plots linked from each .md):');
for (const app of APPS) {
  const dir = join('results', app.domain);
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.smoke.md'))) console.log(`  ${join(dir, file)}`);
}
console.log('\nLarger runs: node apps/forecast/dist/cli.js reproduce mambaformer-table2 --scale small --data-dir ../shared/datasets');
