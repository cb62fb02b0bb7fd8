import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, explainOutOfMemory, initBackend } from '@hybridssm/core';
import type { StackCache } from '@hybridssm/core';
import { LanguageModel } from '../models/language-model.js';
import type { ChildCommand, ChildSpec, GenerateSpec, MemoryReport, ProfileReport, TrainSpec } from './protocol.js';

/** The learning rate of the benchmark's AdamW (ours and PyTorch's; it does not change the speed). */
export const BENCH_LEARNING_RATE = 1e-3;

/** tfjs-backend-wasm's heap size (the module's HEAPU8 is replaced as the heap grows, so read it each time). */
export function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
}

export function memoryReport(): MemoryReport {
  return { peakRssBytes: process.resourceUsage().maxRSS * 1024, wasmHeapBytes: wasmHeapBytes() };
}

/** Random tokens [rows, cols] int32 below `vocab` from a seeded generator (the benchmark's data: speed does not depend on it). */
export function randomBytes(rng: Rng, rows: number, cols: number, vocab = 256): tf.Tensor2D {
  return tf.tensor2d(Int32Array.from({ length: rows * cols }, () => Math.floor(rng.uniform() * vocab)), [rows, cols], 'int32');
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

interface Session {
  parameters: number;
  warmup(): void;
  measure(): { ms: number; loss?: number };
  prefill?(): { ms: number };
  profile(): Promise<ProfileReport>;
  dispose(): void;
}

/** One AdamW update per call on a fixed random batch [batch, seq+1] (inputs and next-byte targets). */
function trainSession(spec: TrainSpec): Session {
  const rng = new Rng(spec.seed);
  const model = new LanguageModel(spec.model, rng);
  const params = model.parameters();
  const names = new Map([...params].map(([name, v]) => [v.name, name]));
  const optimizer = new AdamW(params, { learningRate: BENCH_LEARNING_RATE });
  const batch = randomBytes(rng, spec.batch, spec.seq + 1, spec.model.vocabSize);
  const inputs = tf.slice(batch, [0, 0], [spec.batch, spec.seq]);
  const targets = tf.slice(batch, [0, 1], [spec.batch, spec.seq]);
  const update = (): number =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => model.loss(inputs, targets), [...params.values()]);
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([v, g]) => [names.get(v) as string, g])));
      return value.dataSync()[0] as number;
    });
  return {
    parameters: model.numParameters(),
    warmup: () => void update(),
    measure: () => {
      const started = performance.now();
      const loss = update();
      return { ms: performance.now() - started, loss };
    },
    profile: () => profileByOp(() => void update()),
    dispose: () => {
      tf.dispose([batch, inputs, targets]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** Batch 1: prefill a random context (after an untimed one-chunk warm-up), then one greedy token per call through `step`. */
function generateSession(spec: GenerateSpec): Session {
  const rng = new Rng(spec.seed);
  const model = new LanguageModel(spec.model, rng);
  const context = randomBytes(rng, 1, spec.context, spec.model.vocabSize);
  let cache: StackCache = model.initCache(1, spec.maxLen);
  let next: tf.Tensor = tf.tensor1d([0], 'int32');
  /** the next token: greedy, read back as real generation must before it can feed it */
  const advance = (logits: tf.Tensor) => {
    const token = tf.tidy(() => tf.argMax(logits, -1).cast('int32'));
    logits.dispose();
    token.dataSync();
    next.dispose();
    next = token;
  };
  const step = () => advance(model.step(next, cache));
  return {
    parameters: model.numParameters(),
    prefill: () => {
      // untimed: one chunk into a throwaway cache (first calls of the kernels, first allocations)
      const warm = model.initCache(1, spec.prefillChunk);
      tf.tidy(() => model.prefill(tf.slice(context, [0, 0], [1, Math.min(spec.prefillChunk, spec.context)]), warm, spec.prefillChunk));
      warm.dispose();
      cache.dispose();
      cache = model.initCache(1, spec.maxLen);
      const started = performance.now();
      advance(model.prefill(context, cache, spec.prefillChunk));
      return { ms: performance.now() - started };
    },
    warmup: step,
    measure: () => {
      const started = performance.now();
      step();
      return { ms: performance.now() - started };
    },
    profile: () => profileByOp(step),
    dispose: () => {
      tf.dispose([context, next]);
      cache.dispose();
      model.dispose();
    },
  };
}

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** A one-line reason for a failure: the wasm heap's out-of-memory explained, else the error's first line. */
function reasonOf(error: unknown): string {
  const explained = explainOutOfMemory(error);
  if (explained !== undefined) return explained;
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'failed';
}

/**
 * `node dist/bench/child.js <spec>`: one model at one shape in its own process (the wasm heap does not
 * recover after an abort), answering the parent's commands (see Contestant). Replies go to stdout as
 * JSON lines; nothing else may print there.
 */
export async function runOursChild(spec: ChildSpec): Promise<void> {
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args); // keep stdout for replies
  let session: Session | undefined;
  const fail = (error: unknown) => {
    send({ error: reasonOf(error), memory: safeMemory() });
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  try {
    const info = await initBackend(spec.backend);
    session = spec.kind === 'train' ? trainSession(spec) : generateSession(spec);
    send({ ready: true, parameters: session.parameters, runtime: info.message, memory: memoryReport() });
    for await (const line of createInterface({ input: process.stdin })) {
      const command = JSON.parse(line) as ChildCommand;
      if (command.cmd === 'end') break;
      if (command.cmd === 'profile') send({ profile: await session.profile(), memory: memoryReport() });
      else if (command.cmd === 'prefill') {
        if (session.prefill === undefined) throw new Error('prefill: only generate children prefill');
        send({ ...session.prefill(), memory: memoryReport() });
      } else if (command.cmd === 'warmup') {
        session.warmup();
        send({ ms: 0, memory: memoryReport() });
      } else send({ ...session.measure(), memory: memoryReport() });
    }
    session.dispose();
    send({ memory: memoryReport() });
  } catch (error) {
    fail(error);
  } finally {
    console.log = log;
  }
}

function safeMemory(): MemoryReport | null {
  try {
    return memoryReport();
  } catch {
    return null;
  }
}
