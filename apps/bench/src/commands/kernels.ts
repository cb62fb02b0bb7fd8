import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '@hybridssm/core';
import type { BackendName } from '@hybridssm/core';
import { writePlot } from '@hybridssm/harness';
import { DEFAULT_LIMITS, describeShape, measureScanThroughput } from '../throughput/scan-throughput.js';
import type { ScanShape, ThroughputRow } from '../throughput/scan-throughput.js';

/** Where the four domains call the scans (representative small-model shapes), and the kernel issue's acceptance shapes. */
export const KERNEL_SHAPES: Array<{ use: string; shape: ScanShape }> = [
  { use: 'forecast: Mambaformer small (d_inner 32, 192+96 steps)', shape: { op: 'selectiveScan', b: 32, l: 288, d: 32, n: 16 } },
  { use: 'point cloud: bidirectional Mamba over 64 point groups', shape: { op: 'selectiveScan', b: 16, l: 64, d: 256, n: 16 } },
  { use: 'diffusion: Mamba-2 over 16×16 latent patches', shape: { op: 'ssdScan', b: 4, l: 256, h: 8, p: 64, n: 64 } },
  { use: 'LM: Mamba-2-Hybrid small, 512-token context', shape: { op: 'ssdScan', b: 8, l: 512, h: 8, p: 64, n: 64 } },
  { use: 'acceptance shape (selectiveScan)', shape: { op: 'selectiveScan', b: 4, l: 1024, d: 256, n: 16 } },
  { use: 'acceptance shape (ssdScan)', shape: { op: 'ssdScan', b: 4, l: 1024, h: 8, p: 64, n: 64 } },
  { use: 'ssdScan small enough for the sequential reference (its ratios)', shape: { op: 'ssdScan', b: 1, l: 256, h: 8, p: 64, n: 64 } },
];

const DEFAULT_OUT = fileURLToPath(new URL('../../../../results/bench/', import.meta.url));

export interface KernelsArgs {
  backends: BackendName[];
  out: string;
  timeMs: number;
  quick: boolean;
  /** 1-based numbers of the shapes to time (as listed in kernels.md); default all */
  shapes?: number[];
  /** state updates per call above which `reference` is skipped (above 10 M it is timed with one call) */
  referenceMaxUpdates: number;
}

/** On a software WebGPU adapter (lavapipe) only the domain shapes are timed: the acceptance shapes take minutes there. */
const SOFTWARE_GPU_MAX_UPDATES = 20e6;

/** Ratio of an implementation's median to another's, in the same pass, shape and backend. */
function ratioTo(rows: ThroughputRow[], row: ThroughputRow, impl: string): number {
  const other = rows.find((r) => r.backend === row.backend && r.shape === row.shape && r.pass === row.pass && r.impl === impl);
  return other === undefined ? Number.NaN : other.medianMs / row.medianMs;
}

/**
 * `hybridssm-bench kernels`: every scan implementation on every requested backend at the domain shapes,
 * forward and forward+backward; median and MAD, state updates/s, and speed relative to `reference`
 * and `chunked` measured in the same run. Writes results/bench/kernels.{json,md} and a plot.
 */
export async function runKernels(args: KernelsArgs): Promise<void> {
  const chosen = args.shapes === undefined ? KERNEL_SHAPES : KERNEL_SHAPES.filter((_, i) => args.shapes?.includes(i + 1));
  const shapes = args.quick ? chosen.slice(0, 1) : chosen;
  const rows: ThroughputRow[] = [];
  const backends: string[] = [];
  for (const name of args.backends) {
    const info = await initBackend(name);
    console.log(info.message);
    if (info.backend !== name) continue;
    backends.push(info.adapter === undefined ? info.backend : `${info.backend} (${info.adapter.description})`);
    for (const { use, shape } of shapes) {
      console.error(`${info.backend}: ${use} — ${describeShape(shape)}`);
      const limits = { referenceMaxUpdates: args.referenceMaxUpdates, ...(info.adapter?.software === true ? { softwareGpuMaxUpdates: SOFTWARE_GPU_MAX_UPDATES } : {}) };
      rows.push(...(await measureScanThroughput([shape], ['forward', 'forward+backward'], args.timeMs, undefined, limits)));
    }
  }
  const enriched = rows.map((r) => ({ ...r, vsReference: ratioTo(rows, r, 'reference'), vsChunked: ratioTo(rows, r, 'chunked') }));
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`;
  mkdirSync(args.out, { recursive: true });
  const json = join(args.out, 'kernels.json');
  writeFileSync(json, `${JSON.stringify({ machine, backends, writtenAt: new Date().toISOString(), shapes: KERNEL_SHAPES, rows: enriched }, null, 2)}\n`);
  console.log(`wrote ${json}`);
  await writeKernelReport({ machine, backends, shapes, rows: enriched }, args.out);
}

interface KernelReport {
  machine: string;
  backends: string[];
  shapes: Array<{ use: string; shape: ScanShape }>;
  rows: Array<ThroughputRow & { vsReference: number; vsChunked: number }>;
}

/** kernels.md and the plot of a run's rows. */
async function writeKernelReport({ machine, backends, shapes, rows: enriched }: KernelReport, out: string): Promise<void> {
  const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  const lines = [
    '# Scan kernel benchmark',
    '',
    `Measured on ${machine}; backends: ${backends.join(', ')}. tinybench, median of at least 3 calls after a warm-up, with the`,
    'median absolute deviation (the sequential `reference` above 10 M state updates: one call, MAD —); ratios are to',
    '`reference` and `chunked` measured in the same run. `kernel` is the fused kernel registered for the backend (wasm:',
    'the WebAssembly SIMD kernels; webgpu: the WGSL kernels). Shapes:',
    '',
    ...shapes.map(({ use, shape }) => `- ${use}: ${describeShape(shape)}`),
    '',
    '| backend | op | shape | pass | impl | median ms | ± MAD | M state updates/s | × reference | × chunked |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|',
    ...enriched.map((r) =>
      r.skipped !== undefined
        ? `| ${r.backend} | ${r.op} | ${r.shape} | ${r.pass} | ${r.impl} | skipped: ${r.skipped} | | | | |`
        : `| ${r.backend} | ${r.op} | ${r.shape} | ${r.pass} | ${r.impl} | ${fmt(r.medianMs)} | ${fmt(r.madMs)} | ${fmt(r.updatesPerSecond / 1e6, 1)} | ${fmt(r.vsReference, 1)} | ${fmt(r.vsChunked, 2)} |`,
    ),
    '',
    '![throughput](kernels.png)',
  ];
  writeFileSync(join(out, 'kernels.md'), `${lines.join('\n')}\n`);
  const label = (r: ThroughputRow) => `${r.backend} ${r.op} ${r.impl} ${r.pass}`;
  const series = [...new Set(enriched.map(label))].map((name) => ({
    name,
    points: enriched
      .filter((r) => label(r) === name && Number.isFinite(r.updatesPerSecond))
      .map((r) => ({ x: shapes.findIndex((s) => describeShape(s.shape) === r.shape) + 1, y: r.updatesPerSecond / 1e6 })),
  })).filter((s) => s.points.length > 0);
  const plot = await writePlot({ title: 'Scan throughput by shape', xLabel: 'shape (numbered as in kernels.md)', yLabel: 'M state updates/s', logY: true, series }, join(out, 'kernels'));
  console.log(`wrote ${join(out, 'kernels.md')}, ${plot.png}`);
}

/**
 * `kernels --from <kernels.json>`: measures nothing; rewrites kernels.md and the plot beside the file
 * from its rows (a run whose plot could not be drawn where it ran, e.g. on a lent GPU machine).
 */
export async function rewriteKernelReport(from: string): Promise<void> {
  let report: KernelReport;
  try {
    report = JSON.parse(readFileSync(from, 'utf8')) as KernelReport;
  } catch (error) {
    throw new Error(`--from: cannot read ${from}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(report.rows) || !Array.isArray(report.shapes)) throw new Error(`--from: ${from} is not a kernels.json (no rows or shapes)`);
  const measured = new Set(report.rows.map((r) => r.shape));
  await writeKernelReport({ ...report, shapes: report.shapes.filter((s) => measured.has(describeShape(s.shape))) }, dirname(from));
}

export { DEFAULT_OUT as DEFAULT_KERNELS_OUT };
