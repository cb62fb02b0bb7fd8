import { initBackend } from '@hybridssm/core';
import { smokeCellProbe } from '@hybridssm/harness';
import type { Probe } from '@hybridssm/harness';
import { FLATNESS_SHAPE, measureDecodeFlatness } from './bench/decode-flatness.js';
import { RECALL_DEMO_PROBE } from './demo/recall-probe.js';
import { phonebookTable } from './tables/phonebook-table.js';

/**
 * Pure Mamba-2 decoding stays flat in the context: a step after 4096 tokens costs what one after 64
 * does (ratio about 1). Fails only when the ratio grows by more than 60% (something in the step
 * started to scale with the context), since a shared 2-core machine moves a ratio near 1 by ±20%.
 */
export const DECODE_FLATNESS_PROBE: Probe = {
  name: 'generate.mamba2-flatness',
  direction: 'lower',
  tolerance: 0.6,
  description:
    `ms per decode step after ${FLATNESS_SHAPE.long} tokens / after ${FLATNESS_SHAPE.short} (fastest of 21 interleaved calls of ${FLATNESS_SHAPE.stepsPerCall} steps), batch 1, wasm, ` +
    `LanguageModel ${FLATNESS_SHAPE.architecture} (${FLATNESS_SHAPE.preset} preset, vocabulary 256: the generate benchmark's mamba2 model)`,
  async measure() {
    await initBackend('wasm');
    return measureDecodeFlatness(FLATNESS_SHAPE, 21);
  },
};

/**
 * bench:ci probes: fixed-seed smoke cells of the Phonebook table (digit accuracy at the trained length, wasm),
 * the associative-recall demo's training loss, and the flatness of pure Mamba-2 decoding in the context.
 */
export const LM_PROBES: Probe[] = [
  smokeCellProbe(phonebookTable, { row: 'mamba2-hybrid', column: '1x', metric: 'accuracy' }),
  RECALL_DEMO_PROBE,
  DECODE_FLATNESS_PROBE,
];
