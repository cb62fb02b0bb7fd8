import type { Argv } from 'yargs';
import { BACKEND_NAMES } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { parseShard } from '../run/cells.js';
import { SCALES } from '../spec/table-spec.js';
import type { Scale } from '../spec/table-spec.js';

// The options the apps' commands share, one builder each, so a command lists only what it uses.

export const withBackend = <T>(y: Argv<T>) =>
  y.option('backend', { choices: BACKEND_NAMES, default: 'auto' as BackendName, describe: 'tfjs backend (auto picks tensorflow with a GPU, else webgpu with a hardware adapter, else wasm)' });

export const withQuiet = <T>(y: Argv<T>) => y.option('quiet', { type: 'boolean', default: false, describe: 'no progress bars' });

export const withScale = <T>(y: Argv<T>, what = 'settings') =>
  y.option('scale', { choices: SCALES, default: 'smoke' as Scale, describe: `${what}: smoke (seconds, CI), small (2-core CPU), paper (published setting)` });

export const withSeed = <T>(y: Argv<T>) =>
  y.option('seed', { type: 'number', default: 0, describe: 'random seed (a non-negative integer)' }).check((a) => nonNegativeInteger('seed', a.seed));

/** --seed or --seeds (one run per seed); read them with seedList. */
export const withSeeds = <T>(y: Argv<T>) =>
  y
    .option('seed', { type: 'number', describe: 'random seed, a non-negative integer (default 0)' })
    .option('seeds', { type: 'string', describe: 'comma-separated seeds, one run per seed and cell, e.g. 0,1,2 (instead of --seed)' })
    .conflicts('seeds', 'seed')
    .check((a) => (seedList(a), true));

export const withOut = <T>(y: Argv<T>) => y.option('out', { type: 'string', default: 'results', describe: 'results root: files go to <out>/<domain>/' });

export const withDataDir = <T>(y: Argv<T>) =>
  y.option('data-dir', {
    type: 'string',
    default: process.env.HYBRIDSSM_DATA ?? 'datasets/cache',
    describe: 'folder of the datasets (env HYBRIDSSM_DATA)',
  });

export const withShardAndResume = <T>(y: Argv<T>) =>
  y
    .option('shard', { type: 'string', describe: 'run every n-th cell, i/n with 0 <= i < n (then `merge` the shard files)' })
    .option('resume', { type: 'boolean', default: true, describe: 'skip cells that already have results (--no-resume recomputes them)' })
    .option('fresh', { type: 'boolean', default: false, describe: 'recompute the cells this run selects (all, or those of --rows, --columns, --shard), from scratch (same as --no-resume)' })
    .option('rows', { type: 'string', array: true, describe: "run only these rows (models) of the scale's cells, ids as `list` shows; the table files hold every cell of the scale finished so far" })
    .option('columns', { type: 'string', array: true, describe: "run only these columns (settings) of the scale's cells, ids as `list` shows" })
    .check((a) => (a.shard === undefined || parseShard(a.shard), true));

/** `--flag` holds an integer of at least `min`; the message says what was given. */
export function integerAtLeast(flag: string, value: number | undefined, min: number): true {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    const what = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new Error(`--${flag} must be ${what}; got ${value}`);
  }
  return true;
}

export const nonNegativeInteger = (flag: string, value: number | undefined) => integerAtLeast(flag, value, 0);

/** The seed list from --seed / --seeds. */
export function seedList(options: { seed?: number | undefined; seeds?: string | undefined }): number[] {
  if (options.seeds === undefined) {
    nonNegativeInteger('seed', options.seed);
    return [options.seed ?? 0];
  }
  const seeds = options.seeds.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new Error(`--seeds must be comma-separated non-negative integers; got '${options.seeds}'`);
  return seeds.map(Number);
}
