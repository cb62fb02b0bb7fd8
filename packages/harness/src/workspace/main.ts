#!/usr/bin/env node
// The root commands of the workspace (package.json scripts), which find the apps themselves:
//   smoke [args]        every app's `smoke` script (pnpm start), then the smoke tables written
//   bench:ci [args]     every app's `bench:ci` script (pnpm bench:ci)
//   run <app> [args]    one app's CLI (pnpm hybridssm <app> …)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatchToApp, runAppScripts, smokeResultsSince } from './run-workspace.js';

const root = process.env.HYBRIDSSM_WORKSPACE ?? join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const [task, ...args] = process.argv.slice(2);

if (task === 'run') {
  process.exitCode = await dispatchToApp(root, args[0], args.slice(1));
} else if (task === 'smoke' || task === 'bench:ci') {
  const started = Date.now() - 1000;
  const failed = await runAppScripts(root, task, args);
  if (task === 'smoke') {
    console.log("\nSmoke tables written (our numbers beside the paper's; plots linked from each):");
    for (const file of smokeResultsSince(root, started)) console.log(`  ${file}`);
    console.log('Larger runs: pnpm hybridssm <app> reproduce <table> --scale small --data-dir ../shared/datasets (pnpm hybridssm <app> list)');
  }
  if (failed.length > 0) console.error(`hybridssm: ${task} failed in ${failed.join(', ')}`);
  process.exitCode = failed.length > 0 ? 1 : 0;
} else {
  console.error(`hybridssm: unknown task '${task ?? ''}'; tasks: smoke, bench:ci, run <app>`);
  process.exitCode = 1;
}
