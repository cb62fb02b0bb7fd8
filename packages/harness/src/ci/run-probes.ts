import { existsSync } from 'node:fs';
import type { Direction } from '../spec/table-spec.js';
import { readBaselines, writeBaselines } from './baselines.js';
import type { BaselineFile } from './baselines.js';
import { compareWithBaselines, formatOutcomes } from './compare.js';
import type { Probe } from './probe.js';

export interface ProbeRunOptions {
  probes: readonly Probe[];
  /** the app's baseline file, results/baselines/<app>.json */
  baselines: string;
  /** accept the measured values as the new baselines */
  update: boolean;
  /** probe names to run (all when absent) */
  only?: string[];
  log?: (line: string) => void;
}

/** The probes `only` names, in their declared order; an unknown name is an error listing the known ones. */
export function selectProbes(probes: readonly Probe[], only: string[] | undefined): readonly Probe[] {
  const unknown = (only ?? []).filter((name) => !probes.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`unknown probe ${unknown.join(', ')}; probes: ${probes.map((p) => p.name).join(', ')}`);
  return only === undefined ? probes : probes.filter((p) => only.includes(p.name));
}

/**
 * Runs the probes and compares them with the baseline file, printing a table; returns the process
 * exit code (1 when a probe regressed). With `update`, writes the measured values instead: with `only`
 * the other probes' baselines are kept, without it probes that no longer exist are dropped.
 */
export async function runProbes(options: ProbeRunOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const probes = selectProbes(options.probes, options.only);
  const baselines = options.update && !existsSync(options.baselines) ? {} : readBaselines(options.baselines);
  const measured: Record<string, { value: number; direction: Direction }> = {};
  for (const probe of probes) {
    const started = Date.now();
    const value = await probe.measure();
    measured[probe.name] = { value, direction: probe.direction };
    console.error(`probe ${probe.name}: ${value.toPrecision(5)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  if (options.update) {
    const kept: BaselineFile = options.only === undefined ? {} : baselines;
    const fresh: BaselineFile = Object.fromEntries(
      probes.map((p) => [p.name, { value: (measured[p.name] as { value: number }).value, direction: p.direction, tolerance: p.tolerance, description: p.description }]),
    );
    const updated = { ...kept, ...fresh };
    writeBaselines(options.baselines, updated);
    log(`updated ${probes.length} of ${Object.keys(updated).length} baselines in ${options.baselines}`);
    return 0;
  }

  const outcomes = compareWithBaselines(measured, baselines);
  log(formatOutcomes(outcomes));
  const regressed = outcomes.filter((o) => o.status === 'regressed');
  if (regressed.length > 0) {
    console.error(`regression in ${regressed.map((o) => o.name).join(', ')} (baselines: ${options.baselines})`);
    return 1;
  }
  log(`bench:ci: ${outcomes.length} probes within tolerance of ${options.baselines}`);
  return 0;
}
