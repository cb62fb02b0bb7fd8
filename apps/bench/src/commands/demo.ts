import { initBackend } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { DEFAULT_DEMO, trainDemo } from '../demo/train-demo.js';
import { formatThroughputTable, measureScanThroughput } from '../throughput/scan-throughput.js';
import type { ScanShape } from '../throughput/scan-throughput.js';

export interface DemoArgs {
  backend: BackendName;
  seed: number;
  steps: number;
  quiet: boolean;
}

/** Shapes for the demo's throughput table: small enough for seconds on 2 cores. */
export const DEMO_SHAPES: ScanShape[] = [
  { op: 'selectiveScan', b: 2, l: 256, d: 32, n: 16 },
  { op: 'ssdScan', b: 2, l: 256, h: 4, p: 16, n: 32 },
];

/** `pnpm start` until the domain apps exist: fit a selective-scan model, then time the scans. */
export async function runDemo(args: DemoArgs): Promise<void> {
  const backend = await initBackend(args.backend);
  console.log(backend.message);
  const config = { ...DEFAULT_DEMO, seed: args.seed, steps: args.steps, quiet: args.quiet };
  console.log(
    `Fitting a selective-scan model (d=${config.d}, n=${config.n}) to the delay task: predict the input ` +
      `${config.lag} steps ago (batch ${config.batch}, length ${config.length}, ${config.steps} Adam steps, seed ${config.seed}).`,
  );
  const started = Date.now();
  const result = await trainDemo(config);
  const marks = [1, ...[0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(f * config.steps)))];
  const curve = [...new Set(marks)].map((s) => `step ${s} ${(result.losses[s - 1] as number).toFixed(4)}`).join(' → ');
  console.log(`training loss: ${curve}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(
    `held-out MSE: ${result.evalBefore.toFixed(4)} before training, ${result.evalAfter.toFixed(4)} after ` +
      '(predicting zero scores 1.0: the model must carry the input in its state)',
  );

  console.log(`\nScan throughput on ${backend.backend} (tinybench, median per call, forward and forward+backward):`);
  const rows = await measureScanThroughput(DEMO_SHAPES, ['forward', 'forward+backward'], 400);
  console.log(formatThroughputTable(rows));
  console.log('\nState updates/s = b·l·d·n (selectiveScan) or b·l·h·p·n (ssdScan) per call, divided by the median time.');
}
