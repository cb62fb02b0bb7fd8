import { initBackend } from '@hybridssm/core';
import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { GEOMETRY_BENCH_SHAPES, geometrySpeedupProbeValue } from './bench/geometry-bench.js';
import type { KnnBenchShape } from './bench/geometry-bench.js';
import { pointrambaModelnetTable } from './tables/pointramba-modelnet-table.js';

const [knn] = GEOMETRY_BENCH_SHAPES.knn as [KnnBenchShape];

/**
 * The kNN kernel's speed-up over the tfjs formulation (distance matrix + topk), both measured in the
 * same run: a ratio, so it holds on any machine (17–18× on a quiet 2-core machine). Other work on the
 * machine moves it (12–24× measured on a loaded one: a call longer than the scheduler's time slice is
 * stretched more than a short one), hence the wide tolerance.
 */
export const KNN_SPEEDUP_PROBE: Probe = {
  name: 'geometry.knn-speedup',
  direction: 'higher',
  tolerance: 0.5,
  description: `kNN ${knn.centres} centres × ${knn.neighbours} of ${knn.points} points, batch 8, wasm: tfjs ms / ours ms (median of 11 alternating calls)`,
  async measure() {
    await initBackend('wasm');
    return geometrySpeedupProbeValue(11);
  },
};

/** bench:ci probes: the fixed-seed smoke cell of PoinTramba on the synthetic shapes (test OA, wasm) and the kNN kernel's speed-up. */
export const POINTCLOUD_PROBES: Probe[] = [smokeCellProbe(pointrambaModelnetTable, { row: 'pointramba', column: 'synthetic', metric: 'oa', tolerance: 0.25 }), KNN_SPEEDUP_PROBE];
