import type { Direction } from '../spec/table-spec.js';
import type { Baseline, BaselineFile } from './baselines.js';

export interface ProbeOutcome {
  name: string;
  value: number;
  baseline: number | undefined;
  /** the worst value still accepted */
  limit: number | undefined;
  direction: Direction;
  status: 'ok' | 'regressed' | 'no baseline';
}

/** The worst acceptable value: baseline worsened by its relative tolerance. */
export function acceptableLimit(b: Baseline): number {
  const slack = Math.abs(b.value) * b.tolerance;
  return b.direction === 'lower' ? b.value + slack : b.value - slack;
}

/** Compares measured values with baselines; a probe without a baseline is reported, not failed. */
export function compareWithBaselines(measured: Record<string, { value: number; direction: Direction }>, baselines: BaselineFile): ProbeOutcome[] {
  return Object.entries(measured).map(([name, { value, direction }]) => {
    const b = baselines[name];
    if (b === undefined) return { name, value, baseline: undefined, limit: undefined, direction, status: 'no baseline' };
    const limit = acceptableLimit(b);
    const regressed = !Number.isFinite(value) || (b.direction === 'lower' ? value > limit : value < limit);
    return { name, value, baseline: b.value, limit, direction: b.direction, status: regressed ? 'regressed' : 'ok' };
  });
}

export function formatOutcomes(outcomes: ProbeOutcome[]): string {
  const fmt = (v: number | undefined) => (v === undefined ? '—' : Number(v.toPrecision(5)).toString());
  const lines = outcomes.map(
    (o) => `| ${o.name} | ${fmt(o.value)} | ${fmt(o.baseline)} | ${o.direction === 'lower' ? '≤' : '≥'} ${fmt(o.limit)} | ${o.status} |`,
  );
  return ['| probe | measured | baseline | accepted | status |', '|---|---:|---:|---:|---|', ...lines].join('\n');
}
