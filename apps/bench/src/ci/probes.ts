import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import { MAMBAFORMER_TABLE2_SPEC, mambaformerTable2 } from '@hybridssm/forecast';
import type { ScanImpl } from '@hybridssm/core';
import type { Direction } from './baselines.js';
import { DEFAULT_RECALL_DEMO, trainRecallDemo } from '../demo/train-recall.js';
import { describeShape, measureSpeedup } from '../throughput/scan-throughput.js';
import { ATTENTION_SCORES, LINEAR_PRODUCT, measureMatMulSpeedup } from '../throughput/matmul-speedup.js';
import type { MatMulShape } from '../throughput/matmul-speedup.js';
import type { ScanShape } from '../throughput/scan-throughput.js';

export interface Probe {
  name: string;
  /** baseline file stem under results/baselines/ (one per package or domain) */
  group: string;
  direction: Direction;
  tolerance: number;
  description: string;
  measure(): Promise<number>;
}

const DEMO_PROBE_STEPS = 150;

/**
 * How much faster `fast` is than `slow`, forward+backward, both measured now on the wasm backend.
 * Timings on a shared 2-core machine vary by 2× between runs, so only a collapse (below 30% of the
 * baseline ratio, e.g. a path that went quadratic or fell back to the sequential loop) fails.
 */
function speedupProbe(shape: ScanShape, slow: ScanImpl, fast: ScanImpl): Probe {
  return {
    name: `${shape.op}.${fast}-speedup`,
    group: 'core',
    direction: 'higher',
    tolerance: 0.7,
    description: `time(${slow})/time(${fast}), forward+backward, wasm, ${describeShape(shape)}`,
    async measure() {
      await initBackend('wasm');
      return measureSpeedup(shape, slow, fast, 'forward+backward', 7);
    },
  };
}

/** time(tfjs-backend-wasm's BatchMatMul)/time(ours) at one product shape, both measured now (same tolerance as the scan ratios). */
function matMulProbe(name: string, shape: MatMulShape): Probe {
  return {
    name: `wasm.batchMatMul-${name}-speedup`,
    group: 'core',
    direction: 'higher',
    tolerance: 0.7,
    description: `time(tfjs-backend-wasm BatchMatMul)/time(ours), forward, wasm, ${shape.name}`,
    async measure() {
      await initBackend('wasm');
      return measureMatMulSpeedup(shape, 7);
    },
  };
}

/** A fixed-seed smoke cell of a domain table: its first metric, measured on wasm. */
function smokeCellProbe(row: string, column: string, metric: string): Probe {
  const spec = MAMBAFORMER_TABLE2_SPEC;
  return {
    name: `${spec.domain}.${spec.id}.${row}.${column}.${metric}`,
    group: spec.domain,
    direction: 'lower',
    tolerance: 0.1,
    description: `${spec.id} smoke cell ${row} × ${column}, seed 0, wasm: test ${metric}`,
    async measure() {
      await initBackend('wasm');
      const dir = mkdtempSync(join(tmpdir(), 'probe-'));
      const outcome = await mambaformerTable2.runCell(
        spec.rows.find((r) => r.id === row) as (typeof spec.rows)[number],
        spec.columns.find((c) => c.id === column) as (typeof spec.columns)[number],
        {
          scale: 'smoke', config: spec.scales.smoke.config, seed: 0, dataDir: dir, logPath: join(dir, 'log.jsonl'),
          checkpointPath: join(dir, 'ckpt.safetensors'), quiet: true, report: () => {},
        },
      );
      return outcome.metrics[metric] as number;
    },
  };
}

const SELECTIVE_PROBE_SHAPE: ScanShape = { op: 'selectiveScan', b: 2, l: 512, d: 16, n: 8 };
const SSD_PROBE_SHAPE: ScanShape = { op: 'ssdScan', b: 2, l: 512, h: 4, p: 8, n: 16 };

/**
 * The regression probes: a deterministic quality metric (fixed-seed training) and
 * speed ratios measured within the same run, never absolute wall-clock times.
 */
export const PROBES: Probe[] = [
  {
    name: 'demo.recall-loss',
    group: 'core',
    direction: 'lower',
    tolerance: 0.1,
    description: `associative-recall demo, seed 0, ${DEMO_PROBE_STEPS} AdamW steps, wasm backend: mean training loss of the last 20 steps`,
    async measure() {
      await initBackend('wasm');
      const { losses, model } = await trainRecallDemo({ ...DEFAULT_RECALL_DEMO, steps: DEMO_PROBE_STEPS, quiet: true });
      model.dispose();
      const tail = losses.slice(-20);
      return tail.reduce((a, b) => a + b, 0) / tail.length;
    },
  },
  smokeCellProbe('mambaformer', 'synthetic-24', 'mse'),
  smokeCellProbe('dlinear', 'synthetic-24', 'mse'),
  speedupProbe(SELECTIVE_PROBE_SHAPE, 'reference', 'chunked'),
  speedupProbe(SELECTIVE_PROBE_SHAPE, 'chunked', 'kernel'),
  speedupProbe(SSD_PROBE_SHAPE, 'reference', 'chunked'),
  speedupProbe(SSD_PROBE_SHAPE, 'chunked', 'kernel'),
  matMulProbe('attention', ATTENTION_SCORES),
  matMulProbe('linear', LINEAR_PRODUCT),
];
