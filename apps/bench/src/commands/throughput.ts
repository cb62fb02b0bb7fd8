import { initBackend } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { formatThroughputTable, measureScanThroughput } from '../throughput/scan-throughput.js';
import type { ScanShape } from '../throughput/scan-throughput.js';

/** Shapes of the `throughput` table: small enough for seconds on 2 cores. */
export const THROUGHPUT_SHAPES: ScanShape[] = [
  { op: 'selectiveScan', b: 2, l: 256, d: 32, n: 16 },
  { op: 'ssdScan', b: 2, l: 256, h: 4, p: 16, n: 32 },
];

/** `throughput`: every scan implementation available on the backend, forward and forward+backward. */
export async function runThroughput(args: { backend: BackendName; timeMs: number }): Promise<void> {
  const info = await initBackend(args.backend);
  console.log(info.message);
  const rows = await measureScanThroughput(THROUGHPUT_SHAPES, ['forward', 'forward+backward'], args.timeMs);
  console.log(formatThroughputTable(rows));
}
