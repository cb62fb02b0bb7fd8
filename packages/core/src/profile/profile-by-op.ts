import * as tf from '@tensorflow/tfjs';

// Where the time of one call goes, by tfjs kernel: the profile every benchmark prints (the LM's
// train/generate benchmarks, the point-cloud update profile).

export interface OpTime {
  name: string;
  /** total time in this op over the profiled call (null where the backend has no kernel timer) */
  ms: number | null;
  calls: number;
}

export interface ProfileReport {
  /** ops by time (or by calls where untimed), most first */
  ops: OpTime[];
  /** sum of the ops' times */
  opMs: number | null;
  /** wall time of the profiled call (profiling adds overhead) */
  wallMs: number;
  /** kernels run */
  kernels: number;
  /** bytes newly allocated by the call's kernels, and the most alive at once (tfjs only) */
  newBytes?: number;
  peakBytes?: number;
  note?: string;
}

/** tfjs-backend-wasm's heap size (the module's HEAPU8 is replaced as the heap grows, so read it each time). */
export function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
}

/** tfjs's profiler, which times each kernel (a private field of the engine). */
type KernelProfiler = { profileKernel: (name: string, inputs: unknown, f: () => unknown) => unknown };

/**
 * tf.profile of one call, summed by kernel name as self time. tf.profile times every kernel with the
 * wall clock on wasm and cpu (exact for their synchronous kernels) and also records kernels that run
 * inside another (a custom-gradient op's `unnamed scope`, a kernel composed of ops): their time is
 * counted once, in the innermost kernel, by tracking the nesting depth of tfjs's profiler.
 * Backends without a kernel timer give counts only.
 */
export async function profileByOp(call: () => void): Promise<ProfileReport> {
  const profiler = (tf.engine() as unknown as { profiler?: KernelProfiler }).profiler;
  const original = profiler?.profileKernel;
  const depths: number[] = [];
  let depth = 0;
  if (profiler !== undefined && original !== undefined) {
    profiler.profileKernel = (name, inputs, f) => {
      depth += 1;
      try {
        return original.call(profiler, name, inputs, f);
      } finally {
        depth -= 1;
        depths.push(depth); // the engine records the kernel right after this returns: same order
      }
    };
  }
  const started = performance.now();
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(() => {
      call();
      return [];
    });
  } finally {
    if (profiler !== undefined && original !== undefined) profiler.profileKernel = original;
  }
  const wallMs = performance.now() - started;
  const nested = depths.length === info.kernels.length;
  const childMs: number[] = []; // inclusive time of finished children, by depth
  const byName = new Map<string, { ms: number; calls: number; timed: boolean }>();
  info.kernels.forEach((kernel, i) => {
    const entry = byName.get(kernel.name) ?? { ms: 0, calls: 0, timed: true };
    const ms = kernel.kernelTimeMs as unknown;
    if (typeof ms === 'number') {
      const d = nested ? (depths[i] as number) : 0;
      const children = childMs[d + 1] ?? 0;
      childMs[d + 1] = 0;
      childMs[d] = (childMs[d] ?? 0) + ms;
      entry.ms += Math.max(0, ms - children);
    } else entry.timed = false;
    entry.calls += 1;
    byName.set(kernel.name, entry);
  });
  const timed = [...byName.values()].every((e) => e.timed);
  const ops = [...byName]
    .map(([name, e]) => ({ name, ms: timed ? e.ms : null, calls: e.calls }))
    .sort((a, b) => (timed ? (b.ms as number) - (a.ms as number) : b.calls - a.calls));
  return {
    ops,
    opMs: timed ? ops.reduce((sum, op) => sum + (op.ms as number), 0) : null,
    wallMs,
    kernels: info.kernels.length,
    newBytes: info.newBytes,
    peakBytes: info.peakBytes,
    ...(timed ? {} : { note: `the ${tf.getBackend()} backend has no kernel timer: kernels counted, not timed` }),
    ...(nested ? {} : { note: 'kernels nested in others could not be told apart: times are inclusive' }),
  };
}

/** The top ops of a profile in one line: `BatchMatMul 812 ms (41%, 96×); …`. */
export function topOps(profile: ProfileReport | undefined, count: number): string {
  if (profile === undefined) return '—';
  const total = profile.opMs;
  const ops = profile.ops.slice(0, count).map((op) =>
    op.ms === null || total === null
      ? `${op.name} ${op.calls}×`
      : `${op.name} ${op.ms >= 10 ? op.ms.toFixed(0) : op.ms.toFixed(2)} ms (${((100 * op.ms) / total).toFixed(0)}%, ${op.calls}×)`,
  );
  return ops.join('; ');
}

/**
 * A profile as Markdown: the wall time, kernels and kernel time of the profiled `what` (and `heapBytes`,
 * the wasm heap, where known), the `count` slowest ops as a table (share of the kernel time), and the
 * top five in one line.
 */
export function profileMarkdown(profile: ProfileReport, what: string, heapBytes: number | null, count = 15): string[] {
  const total = profile.opMs ?? profile.wallMs;
  return [
    `- profiled ${what}: ${profile.wallMs.toFixed(0)} ms wall, ${profile.kernels} kernels, ${profile.opMs === null ? 'untimed' : `${profile.opMs.toFixed(0)} ms in kernels`}` +
      `${heapBytes === null ? '' : `; wasm heap ${(heapBytes / 2 ** 20).toFixed(0)} MiB`}`,
    '',
    '| op | ms | share | calls |',
    '|---|---:|---:|---:|',
    ...profile.ops.slice(0, count).map((op) => `| ${op.name} | ${op.ms === null ? '—' : op.ms.toFixed(1)} | ${op.ms === null ? '—' : `${((100 * op.ms) / total).toFixed(0)}%`} | ${op.calls} |`),
    '',
    `Top ops in one line: ${topOps(profile, 5)}.`,
  ];
}
