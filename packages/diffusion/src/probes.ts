import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { DIFFUSION_BENCH_PROBES } from './bench/bench-probes.js';
import { dimbaMnistTable } from './tables/dimba-mnist-table.js';

/**
 * bench:ci probes: the fixed-seed smoke cell of Dimba on the generated digits (wasm). Its prompt accuracy
 * is at chance after the smoke's 60 updates, so the probe watches the Fréchet distance of its samples
 * to the real test images instead, which a broken training or sampler moves far; and the resolution
 * benchmark's DiT / DiM time ratio past their crossover (bench/bench-probes.ts).
 */
export const DIFFUSION_PROBES: Probe[] = [smokeCellProbe(dimbaMnistTable, { row: 'dimba', column: 'digits', metric: 'frechet', tolerance: 0.5 }), ...DIFFUSION_BENCH_PROBES];
