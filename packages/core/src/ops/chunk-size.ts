import * as tf from '@tensorflow/tfjs';
import type { SelectiveDims, SsdDims } from './scan-validation.js';

/** The chunk size when none is given and none is tuned (and the fused SSD kernels' block length). */
export const DEFAULT_CHUNK_SIZE = 64;

export type ScanOpName = 'selectiveScan' | 'ssdScan';

/** The sizes of one scan call, as validation reads them: selectiveScan {b,l,d,n,g}, ssdScan {b,l,h,p,n,g}. */
export type ScanDims = SelectiveDims | SsdDims;

/** One measurement of the `chunked` implementation's chunk sizes at one (op, shape, backend). */
export interface ChunkSizeTuning {
  op: ScanOpName;
  backend: string;
  dims: ScanDims;
  /** the fastest candidate, which `auto` now uses at this op, shape and backend */
  chunkSize: number;
  /** median milliseconds of one forward+backward call per candidate */
  timings: Array<{ chunkSize: number; medianMs: number }>;
}

const tunings = new Map<string, ChunkSizeTuning>();
const keyOf = (op: ScanOpName, backend: string, dims: ScanDims) => `${backend}|${op}|${JSON.stringify(dims)}`;

/** The tuning measured for this op and shape on the active backend, if any. */
export function cachedTuning(op: ScanOpName, dims: ScanDims): ChunkSizeTuning | undefined {
  return tunings.get(keyOf(op, tf.getBackend(), dims));
}

export function rememberTuning(tuning: ChunkSizeTuning): void {
  tunings.set(keyOf(tuning.op, tuning.backend, tuning.dims), tuning);
}

/** Every chunk size tuned in this process so far, in the order they were measured (e.g. to report them). */
export function scanChunkTunings(): ChunkSizeTuning[] {
  return [...tunings.values()];
}
