import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Direction } from '../spec/table-spec.js';

/** A committed reference value with the tolerance and direction it is checked with. */
export interface Baseline {
  value: number;
  direction: Direction;
  /** allowed relative change in the bad direction, e.g. 0.05 = 5% */
  tolerance: number;
  /** what the probe measures, with backend and shapes */
  description: string;
}

export type BaselineFile = Record<string, Baseline>;

export function readBaselines(path: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`baselines file ${path} cannot be read (create it with --update-baselines)`);
  }
  const parsed = JSON.parse(text) as { probes?: BaselineFile };
  if (typeof parsed.probes !== 'object' || parsed.probes === null) throw new Error(`${path}: missing "probes" object`);
  for (const [name, b] of Object.entries(parsed.probes)) {
    if (typeof b.value !== 'number' || !['lower', 'higher'].includes(b.direction) || !(b.tolerance >= 0)) {
      throw new Error(`${path}: probes.${name} needs a numeric value, direction 'lower'|'higher' and tolerance >= 0`);
    }
  }
  return parsed.probes;
}

/** Writes atomically (temp file + rename), so an interrupted update never leaves half a file. */
export function writeBaselines(path: string, probes: BaselineFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify({ probes }, null, 2)}\n`);
  renameSync(temp, path);
}
