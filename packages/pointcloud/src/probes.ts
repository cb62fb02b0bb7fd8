import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { pointrambaModelnetTable } from './tables/pointramba-modelnet-table.js';

/** bench:ci probes: the fixed-seed smoke cell of PoinTramba on the synthetic shapes (test OA, wasm). */
export const POINTCLOUD_PROBES: Probe[] = [smokeCellProbe(pointrambaModelnetTable, { row: 'pointramba', column: 'synthetic', metric: 'oa', tolerance: 0.25 })];
