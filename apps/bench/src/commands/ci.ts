import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBaselineFolder, readBaselineSet, writeBaselines } from '../ci/baselines.js';
import type { BaselineFile, Direction } from '../ci/baselines.js';
import { compareWithBaselines, formatOutcomes } from '../ci/compare.js';
import { PROBES } from '../ci/probes.js';

/** The folder of committed baselines, one `<group>.json` per probe group. */
export const DEFAULT_BASELINES = fileURLToPath(new URL('../../../../results/baselines/', import.meta.url));

export interface CiArgs {
  baselines: string;
  updateBaselines: boolean;
  only?: string[];
}

/** Runs the regression probes; returns the process exit code (1 when any probe regressed). */
export async function runCi(args: CiArgs): Promise<number> {
  const unknown = (args.only ?? []).filter((name) => !PROBES.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`unknown probe ${unknown.join(', ')}; probes: ${PROBES.map((p) => p.name).join(', ')}`);
  const probes = args.only === undefined ? PROBES : PROBES.filter((p) => args.only?.includes(p.name));
  const baselines = args.updateBaselines && !existsSync(args.baselines) ? {} : readBaselineSet(args.baselines);
  const measured: Record<string, { value: number; direction: Direction }> = {};
  for (const probe of probes) {
    const started = Date.now();
    const value = await probe.measure();
    measured[probe.name] = { value, direction: probe.direction };
    console.error(`probe ${probe.name}: ${value.toPrecision(5)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  if (args.updateBaselines) {
    // --only refreshes some probes and keeps the others; a full update drops probes that no longer exist
    const folder = isBaselineFolder(args.baselines);
    const groups = new Map<string, BaselineFile>();
    for (const [name, baseline] of Object.entries(args.only === undefined ? {} : baselines)) {
      const group = folder ? (PROBES.find((p) => p.name === name)?.group ?? 'core') : '';
      groups.set(group, { ...groups.get(group), [name]: baseline });
    }
    for (const probe of probes) {
      const group = folder ? probe.group : '';
      groups.set(group, {
        ...groups.get(group),
        [probe.name]: {
          value: (measured[probe.name] as { value: number }).value,
          direction: probe.direction,
          tolerance: probe.tolerance,
          description: probe.description,
        },
      });
    }
    for (const [group, entries] of groups) {
      const file = folder ? join(args.baselines, `${group}.json`) : args.baselines;
      writeBaselines(file, entries);
      console.log(`updated ${Object.keys(entries).length} baselines in ${file}`);
    }
    return 0;
  }

  const outcomes = compareWithBaselines(measured, baselines);
  console.log(formatOutcomes(outcomes));
  const regressed = outcomes.filter((o) => o.status === 'regressed');
  if (regressed.length > 0) {
    console.error(`regression in ${regressed.map((o) => o.name).join(', ')} (baselines: ${args.baselines})`);
    return 1;
  }
  console.log(`bench:ci: ${outcomes.length} probes within tolerance of ${args.baselines}`);
  return 0;
}
