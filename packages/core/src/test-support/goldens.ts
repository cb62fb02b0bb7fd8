import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GoldenArray {
  shape: number[];
  data: number[];
}

export interface GoldenCase {
  name: string;
  op: 'selectiveScan' | 'ssdScan';
  options: Record<string, boolean>;
  inputs: Record<string, GoldenArray>;
  outputs: { y: GoldenArray; state: GoldenArray };
  cotangents: { y: GoldenArray; state: GoldenArray };
  grads: Record<string, GoldenArray>;
}

/** The committed copy of ../shared/goldens/scan_goldens.json (float64, PyTorch autograd). */
export const GOLDENS_PATH = fileURLToPath(new URL('../../test-data/scan_goldens.json', import.meta.url));

export function loadGoldens(): GoldenCase[] {
  return (JSON.parse(readFileSync(GOLDENS_PATH, 'utf8')) as { cases: GoldenCase[] }).cases;
}
