import type { BackendName, ProfileReport } from '@hybridssm/core';
import type { LmConfig } from '../models/lm-config.js';

/**
 * What one benchmark child measures (ours, `dist/bench/child.js`, and PyTorch's, `python/lm_bench.py`,
 * take the same JSON). The model is an LmConfig, camel-case keys as there.
 */
export interface TrainSpec {
  kind: 'train';
  model: LmConfig;
  batch: number;
  seq: number;
  seed: number;
  /** ours: the tfjs backend */
  backend: BackendName;
  /** PyTorch: intra-op threads */
  threads: number;
}

export interface GenerateSpec {
  kind: 'generate';
  model: LmConfig;
  /** tokens read into the caches before the timed steps (batch 1) */
  context: number;
  /** the caches' capacity: the context and every token stepped after it (KV buffers grow to at most this) */
  maxLen: number;
  /** positions per parallel prefill pass */
  prefillChunk: number;
  seed: number;
  backend: BackendName;
  threads: number;
}

export type ChildSpec = TrainSpec | GenerateSpec;

/** Commands the parent sends, one JSON line each. */
export type ChildCommand = { cmd: 'warmup' } | { cmd: 'measure' } | { cmd: 'prefill' } | { cmd: 'profile' } | { cmd: 'end' };

export interface MemoryReport {
  /** the process's resident-set high-water mark (getrusage maxrss) */
  peakRssBytes: number;
  /** tfjs-backend-wasm's heap (it grows and never shrinks, so this is its peak); null on other backends and PyTorch */
  wasmHeapBytes: number | null;
}

export interface ReadyReply {
  ready: true;
  parameters: number;
  /** what runs: the backend line, or torch's version and threads */
  runtime: string;
  memory: MemoryReport;
}

/** One timed update (train), one timed token (generate) or the prefill. */
export interface MeasureReply {
  ms: number;
  /** training loss of the update */
  loss?: number;
  memory: MemoryReport;
}

export interface ProfileReply {
  profile: ProfileReport;
  memory: MemoryReport;
}

export interface EndReply {
  memory: MemoryReport;
}
