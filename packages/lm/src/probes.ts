import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { RECALL_DEMO_PROBE } from './demo/recall-probe.js';
import { phonebookTable } from './tables/phonebook-table.js';

/**
 * bench:ci probes: fixed-seed smoke cells of the Phonebook table (digit accuracy at the trained length, wasm),
 * and the associative-recall demo's training loss.
 */
export const LM_PROBES: Probe[] = [
  smokeCellProbe(phonebookTable, { row: 'mamba2-hybrid', column: '1x', metric: 'accuracy' }),
  RECALL_DEMO_PROBE,
];
