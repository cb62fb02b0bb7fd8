import { initBackend } from '@hybridssm/core';
import type { Probe } from '@hybridssm/harness';
import { DEFAULT_RECALL_DEMO, trainRecallDemo } from './recall-demo.js';

export const RECALL_PROBE_STEPS = 150;

/** bench:ci probe: the demo's training loss after a fixed-seed run on wasm (mean of the last 20 updates). */
export const RECALL_DEMO_PROBE: Probe = {
  name: 'demo.recall-loss',
  direction: 'lower',
  tolerance: 0.1,
  description:
    `associative-recall demo ('${DEFAULT_RECALL_DEMO.pattern}', ${DEFAULT_RECALL_DEMO.preset} preset, MQAR), seed 0, ` +
    `${RECALL_PROBE_STEPS} AdamW steps, wasm backend: mean training loss of the last 20 steps`,
  async measure() {
    await initBackend('wasm');
    const { losses, model } = await trainRecallDemo({ ...DEFAULT_RECALL_DEMO, steps: RECALL_PROBE_STEPS, quiet: true });
    model.dispose();
    const tail = losses.slice(-20);
    return tail.reduce((a, b) => a + b, 0) / tail.length;
  },
};
