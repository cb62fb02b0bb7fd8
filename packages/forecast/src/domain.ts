import { defineDomain } from '@hybridssm/harness';
import { DATASETS } from './data/datasets.js';
import { FORECAST_PROBES } from './probes.js';
import { mambaformerOptions } from './tables/mambaformer-options.js';
import { mambaformerExtended, mambaformerTable2 } from './tables/mambaformer-table2.js';

/** Long-term forecasting (Mambaformer, Xu et al. 2024): the domain's tables, probes and datasets. */
export const forecastDomain = defineDomain({
  name: 'forecast',
  description: 'Long-term forecasting with the Mambaformer family (Xu et al. 2024) and baselines.',
  tables: [mambaformerTable2, mambaformerExtended, mambaformerOptions],
  probes: FORECAST_PROBES,
  datasets: DATASETS,
});
