import { ArgumentError } from './arg-checker.js';
import { DEFAULT_CHUNK_SIZE, cachedTuning, rememberTuning } from './chunk-size.js';
import type { ScanDims, ScanOpName } from './chunk-size.js';
import { outsideGradientTape } from './outside-gradient-tape.js';
import type { ResolvedImpl } from './scan-impl.js';
import type { ScanImpl } from './scan-types.js';
import { measureChunkSizes } from './tune-chunk-size.js';
import { canReadSync } from '../util/can-read-sync.js';

let tuningEnabled = process.env.HYBRIDSSM_SCAN_TUNING !== 'off';

/**
 * Switches lazy chunk-size tuning on (the default) or off. Off, `auto` runs `chunked` at
 * DEFAULT_CHUNK_SIZE, so that runs are deterministic across machines; the environment variable
 * `HYBRIDSSM_SCAN_TUNING=off` sets the same at start-up.
 */
export function setScanChunkTuning(enabled: boolean): void {
  if (typeof enabled !== 'boolean') {
    throw new ArgumentError(`setScanChunkTuning: argument 'enabled' must be a boolean; got ${JSON.stringify(enabled)}`);
  }
  tuningEnabled = enabled;
}

/**
 * The chunk size of one scan call: the caller's, else — where `auto` fell back to `chunked` (a backend
 * without the fused kernel, e.g. `tensorflow`) — the fastest size measured for this (op, shape, backend)
 * on its first call, else DEFAULT_CHUNK_SIZE (also where the backend cannot read back synchronously,
 * as webgpu in Node: the op wrappers are synchronous, and so must the timing be). The measurement
 * runs outside the caller's gradient tape, so a first call inside `tf.variableGrads` /
 * `optimizer.minimize` records nothing extra there.
 */
export function chunkSizeFor(op: ScanOpName, dims: ScanDims, requested: ScanImpl, impl: ResolvedImpl, given: number | undefined): number {
  if (given !== undefined) return given;
  if (requested !== 'auto' || impl !== 'chunked' || !tuningEnabled || !canReadSync()) return DEFAULT_CHUNK_SIZE;
  const cached = cachedTuning(op, dims);
  if (cached !== undefined) return cached.chunkSize;
  const tuning = outsideGradientTape(() => measureChunkSizes(op, dims));
  rememberTuning(tuning);
  return tuning.chunkSize;
}
