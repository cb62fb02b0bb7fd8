import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Direction = 'lower' | 'higher';

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
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify({ probes }, null, 2)}\n`);
  renameSync(temp, path);
}

/** Whether `path` names a folder of baseline files (one per probe group) rather than one file. */
export function isBaselineFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Every probe's baseline from a folder of `<group>.json` files, or from one file. */
export function readBaselineSet(path: string): BaselineFile {
  if (!isBaselineFolder(path)) return readBaselines(path);
  const all: BaselineFile = {};
  for (const file of readdirSync(path).filter((f) => f.endsWith('.json')).sort()) {
    for (const [name, baseline] of Object.entries(readBaselines(join(path, file)))) {
      if (all[name] !== undefined) throw new Error(`${join(path, file)}: probe ${name} has a baseline in another file too`);
      all[name] = baseline;
    }
  }
  return all;
}
