import type { Direction } from '../spec/table-spec.js';

/**
 * A regression probe: a deterministic quality metric (a fixed-seed run) or a speed ratio measured
 * within one run — never an absolute wall-clock time. Its baseline lives in
 * `results/baselines/<app>.json` under `name`.
 */
export interface Probe {
  name: string;
  direction: Direction;
  /** allowed relative change in the bad direction, e.g. 0.1 = 10% */
  tolerance: number;
  /** what the probe measures, with backend and shapes */
  description: string;
  measure(): Promise<number>;
}
