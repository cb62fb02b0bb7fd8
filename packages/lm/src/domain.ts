import { defineDomain } from '@hybridssm/harness';
import { LM_DATASETS } from './data/datasets.js';
import { LM_PROBES } from './probes.js';
import { lmQualityTable } from './tables/lm-quality-table.js';
import { mqarTable } from './tables/mqar-table.js';
import { phonebookTable } from './tables/phonebook-table.js';

/** Language modelling (Mamba-2-Hybrid, Waleffe et al. 2024): the domain's tables, probes and datasets. */
export const lmDomain = defineDomain({
  name: 'lm',
  description: 'Mamba-based language models (Waleffe et al. 2024): Phonebook recall against context length, multi-query associative recall against the number of pairs, and byte-level language modelling, Transformer vs Mamba vs Mamba-2 vs the hybrid at equal parameters.',
  tables: [phonebookTable, mqarTable, lmQualityTable],
  probes: LM_PROBES,
  datasets: LM_DATASETS,
});
