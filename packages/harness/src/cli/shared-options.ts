import { isAbsolute, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { BACKEND_NAMES } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { SCALES } from '../spec/table-spec.js';
import type { Scale } from '../spec/table-spec.js';
import { parseShard } from '../run/cells.js';
import type { Shard } from '../run/cells.js';

export interface SharedOptions {
  backend: BackendName;
  scale: Scale;
  seed: number;
  seeds?: string;
  out: string;
  dataDir: string;
  shard?: string;
  fresh: boolean;
  resume: boolean;
  quiet: boolean;
}

/**
 * Where relative paths start: the directory the user ran the command in. pnpm runs package scripts
 * inside the package but records the caller's directory in INIT_CWD.
 */
export function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export const resolvePath = (path: string) => (isAbsolute(path) ? path : resolve(invocationDir(), path));

/** The options every domain app shares (DESIGN.md §Experiments). */
export function withSharedOptions<T>(y: Argv<T>): Argv<T & SharedOptions> {
  return y
    .option('backend', { choices: BACKEND_NAMES, default: 'auto' as BackendName, describe: 'tfjs backend' })
    .option('scale', { choices: SCALES, default: 'smoke' as Scale, describe: 'smoke (CI), small (2-core CPU), paper (published setting)' })
    .option('seed', { type: 'number', default: 0, describe: 'seed (one run per cell)' })
    .option('seeds', { type: 'string', describe: 'comma-separated seeds, e.g. 0,1,2 (overrides --seed)' })
    .option('out', { type: 'string', default: 'results', describe: 'results root' })
    .option('data-dir', {
      type: 'string',
      default: process.env.HYBRIDSSM_DATA ?? 'datasets/cache',
      describe: 'datasets folder (env HYBRIDSSM_DATA)',
    })
    .option('shard', { type: 'string', describe: 'run every n-th cell: i/n (then `merge` the shard files)' })
    .option('resume', { type: 'boolean', default: true, describe: 'skip cells that already have results (--no-resume = --fresh)' })
    .option('fresh', { type: 'boolean', default: false, describe: 'recompute every cell' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }) as unknown as Argv<T & SharedOptions>;
}

/** The seed list from --seed / --seeds. */
export function seedList(options: Pick<SharedOptions, 'seed' | 'seeds'>): number[] {
  if (options.seeds === undefined) {
    if (!Number.isInteger(options.seed) || options.seed < 0) throw new Error(`--seed must be a non-negative integer; got ${options.seed}`);
    return [options.seed];
  }
  const seeds = options.seeds.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new Error(`--seeds must be comma-separated non-negative integers; got '${options.seeds}'`);
  return seeds.map(Number);
}

export function shardOption(options: Pick<SharedOptions, 'shard'>): Shard | undefined {
  return options.shard === undefined ? undefined : parseShard(options.shard);
}
