import { defineDomain } from '@hybridssm/harness';
import { POINTCLOUD_DATASETS } from './data/datasets.js';
import { POINTCLOUD_PROBES } from './probes.js';
import { pointrambaOrderingTable } from './tables/ordering-table.js';
import { pointrambaModelnetTable } from './tables/pointramba-modelnet-table.js';

/** Point-cloud classification (PoinTramba, Wang et al. 2024): the domain's tables, probes and datasets. */
export const pointcloudDomain = defineDomain({
  name: 'pointcloud',
  description: 'PoinTramba (Wang et al. 2024): shape classification with intra-group Transformers, an inter-group Mamba and importance-aware ordering, against Mamba-only, Transformer-only and PointNet baselines.',
  tables: [pointrambaModelnetTable, pointrambaOrderingTable],
  probes: POINTCLOUD_PROBES,
  datasets: POINTCLOUD_DATASETS,
});
