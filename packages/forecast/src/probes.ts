import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { mambaformerTable2 } from './tables/mambaformer-table2.js';

/** bench:ci probes: fixed-seed smoke cells of Table 2 (test MSE on the synthetic series, wasm). */
export const FORECAST_PROBES: Probe[] = [
  smokeCellProbe(mambaformerTable2, { row: 'mambaformer', column: 'synthetic-24', metric: 'mse' }),
  smokeCellProbe(mambaformerTable2, { row: 'dlinear', column: 'synthetic-24', metric: 'mse' }),
];
