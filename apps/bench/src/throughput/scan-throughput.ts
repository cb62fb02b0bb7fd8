import * as tf from '@tensorflow/tfjs';
import { Bench } from 'tinybench';
import { Rng, availableScanImpls, selectiveScan, ssdScan } from '@hybridssm/core';
import type { ScanImpl, ScanResult } from '@hybridssm/core';
import { interleavedSpeedup } from '@hybridssm/harness';

export type Pass = 'forward' | 'forward+backward';

/** One benchmark shape: an op with its dimensions. */
export type ScanShape =
  | { op: 'selectiveScan'; b: number; l: number; d: number; n: number }
  | { op: 'ssdScan'; b: number; l: number; h: number; p: number; n: number };

export interface ThroughputRow {
  op: ScanShape['op'];
  shape: string;
  impl: ScanImpl;
  pass: Pass;
  backend: string;
  medianMs: number;
  /** median absolute deviation of the per-call latency */
  madMs: number;
  samples: number;
  /** b·l·d·n (or b·l·h·p·n) state updates per second at the median latency */
  updatesPerSecond: number;
  /** why this implementation was not measured (then the times are NaN) */
  skipped?: string;
}

export function describeShape(s: ScanShape): string {
  return s.op === 'selectiveScan' ? `b=${s.b} l=${s.l} d=${s.d} n=${s.n}` : `b=${s.b} l=${s.l} h=${s.h} p=${s.p} n=${s.n}`;
}

export function stateUpdates(s: ScanShape): number {
  return s.op === 'selectiveScan' ? s.b * s.l * s.d * s.n : s.b * s.l * s.h * s.p * s.n;
}

/** Bytes the wasm backend's heap can hold (tfjs-backend-wasm grows it up to 2 GiB; keep a margin). */
const WASM_HEAP_BUDGET = 1.5 * 2 ** 30;

/** State updates per call above which the sequential reference is timed with one call instead of sampled. */
const REFERENCE_SAMPLED_LIMIT = 10e6;

/** What a measurement run may attempt. */
export interface MeasureLimits {
  /** state updates per call above which `reference` is not timed at all (one call takes minutes) */
  referenceMaxUpdates: number;
  /** the WebGPU adapter is a software rasteriser (lavapipe): time only shapes up to this many updates */
  softwareGpuMaxUpdates?: number;
}

export const DEFAULT_LIMITS: MeasureLimits = { referenceMaxUpdates: REFERENCE_SAMPLED_LIMIT };

/**
 * Why a measurement is not taken here, if it is not: the sequential reference is too slow at the
 * largest shapes; the chunked selective scan keeps some thirty [b,l,d,n] float32 tensors for its
 * backward pass, and the ssdScan reference its per-step states, which overflow the wasm heap at large
 * shapes (the process aborts, so they are skipped rather than tried); a software WebGPU adapter is too
 * slow for the largest shapes.
 */
function infeasible(s: ScanShape, impl: ScanImpl, limits: MeasureLimits): string | undefined {
  const updates = stateUpdates(s);
  if (limits.softwareGpuMaxUpdates !== undefined && tf.getBackend() === 'webgpu' && updates > limits.softwareGpuMaxUpdates) {
    return `software WebGPU adapter: only shapes up to ${limits.softwareGpuMaxUpdates / 1e6} M state updates are timed`;
  }
  if (impl === 'reference' && updates > limits.referenceMaxUpdates) {
    return `the sequential reference takes minutes per call above ${limits.referenceMaxUpdates / 1e6} M state updates (raise --reference-max-updates to time it once)`;
  }
  if (tf.getBackend() !== 'wasm') return undefined;
  // bytes the backward pass keeps: ~32 [b,l,d,n] tensors (chunked selectiveScan), the reference ssdScan's
  // per-step [b,h,p,n] states and products (~4 per step); both abort the process when over the heap
  const kept = s.op === 'selectiveScan' && impl === 'chunked' ? 32 : s.op === 'ssdScan' && impl === 'reference' ? 4 : 0;
  const bytes = kept * 4 * updates;
  return bytes > WASM_HEAP_BUDGET ? `needs ~${(bytes / 2 ** 30).toFixed(1)} GiB of saved intermediates, over the wasm heap` : undefined;
}

/** Inputs of a realistic scan call (decays in the range trained models have). */
function makeInputs(s: ScanShape, rng: Rng): Record<string, tf.Tensor> {
  if (s.op === 'selectiveScan') {
    return {
      u: rng.normalTensor([s.b, s.l, s.d]),
      delta: rng.normalTensor([s.b, s.l, s.d], 0.5, -2),
      A: rng.uniformTensor([s.d, s.n], -2, -0.5),
      B: rng.normalTensor([s.b, s.l, s.n]),
      C: rng.normalTensor([s.b, s.l, s.n]),
      D: rng.normalTensor([s.d]),
    };
  }
  return {
    x: rng.normalTensor([s.b, s.l, s.h, s.p]),
    dt: rng.normalTensor([s.b, s.l, s.h], 0.5, -2),
    A: rng.uniformTensor([s.h], -2, -0.5),
    B: rng.normalTensor([s.b, s.l, 1, s.n]),
    C: rng.normalTensor([s.b, s.l, 1, s.n]),
    D: rng.normalTensor([s.h]),
  };
}

function runScan(s: ScanShape, inputs: Record<string, tf.Tensor>, impl: ScanImpl): ScanResult {
  return s.op === 'selectiveScan' ? selectiveScan(inputs as never, { impl }) : ssdScan(inputs as never, { impl });
}

/** One timed call: forward (and backward to every input), then a read-back so that async backends finish. */
async function timedCall(s: ScanShape, inputs: Record<string, tf.Tensor>, impl: ScanImpl, pass: Pass): Promise<void> {
  const names = Object.keys(inputs);
  const done = tf.tidy(() => {
    if (pass === 'forward') return tf.sum(runScan(s, inputs, impl).y);
    const loss = (...xs: tf.Tensor[]) => {
      const replaced = Object.fromEntries(names.map((name, i) => [name, xs[i] as tf.Tensor]));
      const { y, state } = runScan(s, replaced, impl);
      return tf.add(tf.sum(y), tf.sum(state)) as tf.Scalar;
    };
    return tf.addN(tf.grads(loss)(names.map((name) => inputs[name] as tf.Tensor)).map((g) => tf.sum(g)));
  });
  await done.data();
  done.dispose();
}

type Timing = Pick<ThroughputRow, 'medianMs' | 'madMs' | 'samples'>;

/** tinybench: at least 3 calls after a warm-up, within `timeMs`; median and MAD. */
async function timeSampled(call: () => Promise<void>, timeMs: number, label: string): Promise<Timing> {
  const bench = new Bench({ time: timeMs, iterations: 3, warmupIterations: 1, warmupTime: 0 });
  bench.add('scan', call);
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result === undefined || result.state !== 'completed') {
    throw new Error(`benchmark ${label} failed: ${result && 'error' in result ? result.error : result?.state}`);
  }
  return { medianMs: result.latency.p50, madMs: result.latency.mad, samples: result.latency.samplesCount };
}

/** One call, no warm-up (for the sequential reference at shapes where a call takes minutes); MAD unknown. */
async function timeOnce(call: () => Promise<void>): Promise<Timing> {
  const started = performance.now();
  await call();
  return { medianMs: performance.now() - started, madMs: Number.NaN, samples: 1 };
}

/**
 * Times every (shape, impl, pass) on the active backend with tinybench; `timeMs` is the budget per task.
 * `impls` defaults to every implementation available for the op on the active backend.
 */
export async function measureScanThroughput(
  shapes: ScanShape[],
  passes: Pass[],
  timeMs: number,
  impls?: ScanImpl[],
  limits: MeasureLimits = DEFAULT_LIMITS,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const rng = new Rng(12345);
  for (const s of shapes) {
    const inputs = makeInputs(s, rng);
    for (const pass of passes) {
      for (const impl of impls ?? availableScanImpls(s.op)) {
        const skipped = infeasible(s, impl, limits);
        if (skipped !== undefined) {
          const nan = Number.NaN;
          rows.push({ op: s.op, shape: describeShape(s), impl, pass, backend: tf.getBackend(), medianMs: nan, madMs: nan, samples: 0, updatesPerSecond: nan, skipped });
          continue;
        }
        const timing =
          impl === 'reference' && stateUpdates(s) > REFERENCE_SAMPLED_LIMIT
            ? await timeOnce(() => timedCall(s, inputs, impl, pass))
            : await timeSampled(() => timedCall(s, inputs, impl, pass), timeMs, `${s.op} ${impl} ${pass}`);
        rows.push({
          op: s.op,
          shape: describeShape(s),
          impl,
          pass,
          backend: tf.getBackend(),
          ...timing,
          updatesPerSecond: stateUpdates(s) / (timing.medianMs / 1000),
        });
      }
    }
    tf.dispose(Object.values(inputs));
  }
  return rows;
}

export function formatThroughputTable(rows: ThroughputRow[]): string {
  const header = '| op | shape | impl | pass | median ms | ± MAD | state updates/s |';
  const lines = rows.map((r) =>
    r.skipped !== undefined
      ? `| ${r.op} | ${r.shape} | ${r.impl} | ${r.pass} | skipped: ${r.skipped} | | |`
      : `| ${r.op} | ${r.shape} | ${r.impl} | ${r.pass} | ${r.medianMs.toFixed(2)} | ${Number.isNaN(r.madMs) ? '—' : r.madMs.toFixed(2)} | ${(r.updatesPerSecond / 1e6).toFixed(1)} M |`,
  );
  return [header, '|---|---|---|---|---:|---:|---:|', ...lines].join('\n');
}

/** time(slow)/time(fast) for one shape, forward (or forward+backward), calls interleaved; ratio of the fastest calls. */
export async function measureSpeedup(s: ScanShape, slow: ScanImpl, fast: ScanImpl, pass: Pass, rounds: number): Promise<number> {
  const inputs = makeInputs(s, new Rng(12345));
  const speedup = await interleavedSpeedup(() => timedCall(s, inputs, slow, pass), () => timedCall(s, inputs, fast, pass), rounds);
  tf.dispose(Object.values(inputs));
  return speedup;
}
