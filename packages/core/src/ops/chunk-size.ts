import * as tf from '@tensorflow/tfjs';

export const DEFAULT_CHUNK_SIZE = 64;

export type ScanOpName = 'selectiveScan' | 'ssdScan';

const tunedChunkSizes = new Map<string, number>();
const keyOf = (op: ScanOpName, backend: string) => `${backend}:${op}`;

/**
 * The chunk size the `chunked` implementation uses when the caller gives none: the fastest one
 * `tuneScanChunkSize` measured for this op on the active backend, else DEFAULT_CHUNK_SIZE.
 */
export function preferredChunkSize(op: ScanOpName): number {
  return tunedChunkSizes.get(keyOf(op, tf.getBackend())) ?? DEFAULT_CHUNK_SIZE;
}

export function setPreferredChunkSize(op: ScanOpName, backend: string, chunkSize: number): void {
  tunedChunkSizes.set(keyOf(op, backend), chunkSize);
}
