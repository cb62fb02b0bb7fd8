import { Rng, initBackend } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { generateRecall } from '../demo/generate-recall.js';
import { sequenceLength } from '../demo/recall-task.js';
import { DEFAULT_RECALL_DEMO, trainRecallDemo } from '../demo/train-recall.js';
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

/**
 * `pnpm start` until the domain apps exist: train a tiny hybrid stack on associative recall, show
 * recurrent generation, then time the scans.
 */
export async function runDemo(args: DemoArgs): Promise<void> {
  const backend = await initBackend(args.backend);
  console.log(backend.message);
  const config = { ...DEFAULT_RECALL_DEMO, seed: args.seed, steps: args.steps, quiet: args.quiet };
  const { task } = config;
  console.log(
    `Training a hybrid stack "${config.pattern}" (d=${config.dModel}) on multi-query associative recall: ` +
      `${task.pairs} key→value pairs, then ${task.queries} queries (length ${sequenceLength(task)}, ` +
      `batch ${config.batch}, ${config.steps} AdamW steps, seed ${config.seed}).`,
  );
  const started = Date.now();
  const result = await trainRecallDemo(config);
  const { total, byKind } = result.parameters;
  console.log(`parameters: ${total} (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  const marks = [...new Set([1, ...[0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(f * config.steps)))])];
  console.log(`training loss: ${marks.map((s) => `step ${s} ${(result.losses[s - 1] as number).toFixed(3)}`).join(' → ')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(
    `recall accuracy on 256 held-out sequences: ${(100 * result.accuracyBefore).toFixed(1)}% before training, ` +
      `${(100 * result.accuracyAfter).toFixed(1)}% after (chance: ${(100 / task.values).toFixed(1)}%)`,
  );

  console.log("\nRecurrent generation (token by token through step(), with the stack's caches):");
  const rng = new Rng(args.seed + 99);
  for (let i = 0; i < 3; i++) {
    const g = await generateRecall(result.model, task, rng);
    console.log(`  ${g.prompt} → ${g.generated} (expected ${g.expected}; step vs full forward: ${g.stepVsApply.toExponential(1)} relative)`);
  }
  result.model.dispose();

  console.log(`\nScan throughput on ${backend.backend} (tinybench, median per call, forward and forward+backward):`);
  const rows = await measureScanThroughput(DEMO_SHAPES, ['forward', 'forward+backward'], 400);
  console.log(formatThroughputTable(rows));
  console.log('\nState updates/s = b·l·d·n (selectiveScan) or b·l·h·p·n (ssdScan) per call, divided by the median time.');
}
