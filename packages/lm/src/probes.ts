import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { phonebookTable } from './tables/phonebook-table.js';

/** bench:ci probes: fixed-seed smoke cells of the Phonebook table (digit accuracy at the trained length, wasm). */
export const LM_PROBES: Probe[] = [
  smokeCellProbe(phonebookTable, { row: 'mamba2-hybrid', column: '1x', metric: 'accuracy' }),
];
