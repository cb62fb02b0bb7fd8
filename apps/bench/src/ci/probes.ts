import { initBackend } from '@hybridssm/core';
import type { ScanImpl } from '@hybridssm/core';
import type { Probe } from '@hybridssm/harness';
import { describeShape, measureSpeedup } from '../throughput/scan-throughput.js';
import { ELEMENTWISE_CASES, measureElementwiseSpeedup } from '../throughput/elementwise-speedup.js';
import type { ElementwiseCase } from '../throughput/elementwise-speedup.js';
import { ATTENTION_SCORES, LINEAR_PRODUCT, measureMatMulSpeedup } from '../throughput/matmul-speedup.js';
import type { MatMulShape } from '../throughput/matmul-speedup.js';
import type { ScanShape } from '../throughput/scan-throughput.js';

/**
 * How much faster `fast` is than `slow`, forward+backward, both measured now on the wasm backend.
 * Timings on a shared 2-core machine vary by 2× between runs, so only a collapse (below 30% of the
 * baseline ratio, e.g. a path that went quadratic or fell back to the sequential loop) fails.
 */
function speedupProbe(shape: ScanShape, slow: ScanImpl, fast: ScanImpl): Probe {
  return {
    name: `${shape.op}.${fast}-speedup`,
    direction: 'higher',
    tolerance: 0.7,
    description: `time(${slow})/time(${fast}), forward+backward, wasm, ${describeShape(shape)}`,
    async measure() {
      await initBackend('wasm');
      return measureSpeedup(shape, slow, fast, 'forward+backward', 15);
    },
  };
}

/** time(tfjs-backend-wasm's BatchMatMul)/time(ours) at one product shape, both measured now (same tolerance as the scan ratios). */
function matMulProbe(name: string, shape: MatMulShape): Probe {
  return {
    name: `wasm.batchMatMul-${name}-speedup`,
    direction: 'higher',
    tolerance: 0.7,
    description: `time(tfjs-backend-wasm BatchMatMul)/time(ours), forward, wasm, ${shape.name}`,
    async measure() {
      await initBackend('wasm');
      return measureMatMulSpeedup(shape, 7);
    },
  };
}

/** time(tfjs-backend-wasm's kernel)/time(ours) for one elementwise case of `hybridssm-bench elementwise`, fastest of 31 interleaved calls each (same tolerance). */
function elementwiseProbe(c: ElementwiseCase): Probe {
  return {
    name: `wasm.${c.kernel.toLowerCase()}-speedup`,
    direction: 'higher',
    tolerance: 0.7,
    description: `time(tfjs-backend-wasm ${c.kernel})/time(ours), wasm, [${c.shape.join(', ')}]`,
    async measure() {
      await initBackend('wasm');
      return measureElementwiseSpeedup(c, 31);
    },
  };
}

const SELECTIVE_PROBE_SHAPE: ScanShape = { op: 'selectiveScan', b: 2, l: 512, d: 16, n: 8 };
const SSD_PROBE_SHAPE: ScanShape = { op: 'ssdScan', b: 2, l: 512, h: 4, p: 8, n: 16 };

/**
 * Core's regression probes (results/baselines/core.json): speed ratios measured within the same run, never
 * absolute wall-clock times (decoding's flatness in the context and the recall demo's loss are the LM domain's probes).
 */
export const CORE_PROBES: Probe[] = [
  speedupProbe(SELECTIVE_PROBE_SHAPE, 'reference', 'chunked'),
  speedupProbe(SELECTIVE_PROBE_SHAPE, 'chunked', 'kernel'),
  speedupProbe(SSD_PROBE_SHAPE, 'reference', 'chunked'),
  speedupProbe(SSD_PROBE_SHAPE, 'chunked', 'kernel'),
  matMulProbe('attention', ATTENTION_SCORES),
  matMulProbe('linear', LINEAR_PRODUCT),
  ...ELEMENTWISE_CASES.filter((c) => c.kernel === 'Erf' || c.kernel === 'Reverse').map(elementwiseProbe),
];
