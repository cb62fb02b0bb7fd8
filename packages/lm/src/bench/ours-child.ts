import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, explainOutOfMemory, initBackend, profileByOp, wasmHeapBytes } from '@hybridssm/core';
import type { ProfileReport, StackCache } from '@hybridssm/core';
import { LanguageModel } from '../models/language-model.js';
import type { ChildCommand, ChildSpec, GenerateSpec, MemoryReport, TrainSpec } from './protocol.js';

/** The learning rate of the benchmark's AdamW (ours and PyTorch's; it does not change the speed). */
export const BENCH_LEARNING_RATE = 1e-3;

export function memoryReport(): MemoryReport {
  return { peakRssBytes: process.resourceUsage().maxRSS * 1024, wasmHeapBytes: wasmHeapBytes() };
}

/** Random tokens [rows, cols] int32 below `vocab` from a seeded generator (the benchmark's data: speed does not depend on it). */
export function randomBytes(rng: Rng, rows: number, cols: number, vocab = 256): tf.Tensor2D {
  return tf.tensor2d(Int32Array.from({ length: rows * cols }, () => Math.floor(rng.uniform() * vocab)), [rows, cols], 'int32');
}

/** Reads are asynchronous (`data()`): tfjs-backend-webgpu cannot read synchronously in Node (it needs OffscreenCanvas). */
interface Session {
  parameters: number;
  warmup(): Promise<void>;
  measure(): Promise<{ ms: number; loss?: number }>;
  prefill?(): Promise<{ ms: number }>;
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
  /** the update's loss, left on the backend */
  const update = (): tf.Scalar =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => model.loss(inputs, targets), [...params.values()]);
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([v, g]) => [names.get(v) as string, g])));
      return value;
    });
  /** an update, finished: its loss read back */
  const updateAndRead = async (): Promise<number> => {
    const loss = update();
    try {
      return (await loss.data())[0] as number;
    } finally {
      loss.dispose();
    }
  };
  return {
    parameters: model.numParameters(),
    warmup: async () => void (await updateAndRead()),
    measure: async () => {
      const started = performance.now();
      const loss = await updateAndRead();
      return { ms: performance.now() - started, loss };
    },
    profile: () => profileByOp(() => update().dispose()),
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
  /** the next token: greedy (`read` brings it back, as real generation must before it can feed it) */
  const advance = (logits: tf.Tensor) => {
    const token = tf.tidy(() => tf.argMax(logits, -1).cast('int32'));
    logits.dispose();
    next.dispose();
    next = token;
  };
  const read = async () => void (await next.data());
  const step = () => advance(model.step(next, cache));
  return {
    parameters: model.numParameters(),
    prefill: async () => {
      // untimed: one chunk into a throwaway cache (first calls of the kernels, first allocations)
      const warm = model.initCache(1, spec.prefillChunk);
      tf.tidy(() => model.prefill(tf.slice(context, [0, 0], [1, Math.min(spec.prefillChunk, spec.context)]), warm, spec.prefillChunk));
      warm.dispose();
      cache.dispose();
      cache = model.initCache(1, spec.maxLen);
      const started = performance.now();
      advance(model.prefill(context, cache, spec.prefillChunk));
      await read();
      return { ms: performance.now() - started };
    },
    warmup: async () => {
      step();
      await read();
    },
    measure: async () => {
      const started = performance.now();
      step();
      await read();
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
        send({ ...(await session.prefill()), memory: memoryReport() });
      } else if (command.cmd === 'warmup') {
        await session.warmup();
        send({ ms: 0, memory: memoryReport() });
      } else send({ ...(await session.measure()), memory: memoryReport() });
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
