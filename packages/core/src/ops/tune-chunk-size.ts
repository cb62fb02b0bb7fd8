import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/random.js';
import type { ChunkSizeTuning, ScanDims, ScanOpName } from './chunk-size.js';
import { selectiveScanChunked } from './selective-scan-chunked.js';
import { ssdScanChunked } from './ssd-scan-chunked.js';
import type { ScanResult } from './scan-types.js';

/** Chunk sizes tried, each timed as the median of TUNING_ROUNDS calls after one warm-up call. */
const TUNING_CANDIDATES = [16, 32, 64, 128] as const;
const TUNING_ROUNDS = 3;

function randomInputs(dims: ScanDims, rng: Rng): Record<string, tf.Tensor> {
  const { b, l, n, g } = dims;
  const B = rng.normalTensor([b, l, g, n]);
  const C = rng.normalTensor([b, l, g, n]);
  if ('d' in dims) {
    const { d } = dims;
    return { u: rng.normalTensor([b, l, d]), delta: rng.normalTensor([b, l, d], 0.5, -2), A: rng.uniformTensor([d, n], -2, -0.5), B, C, D: rng.normalTensor([d]) };
  }
  const { h, p } = dims;
  return { x: rng.normalTensor([b, l, h, p]), dt: rng.normalTensor([b, l, h], 0.5, -2), A: rng.uniformTensor([h], -2, -0.5), B, C, D: rng.normalTensor([h]) };
}

function runChunked(dims: ScanDims, inputs: Record<string, tf.Tensor>, chunkSize: number): ScanResult {
  return 'd' in dims ? selectiveScanChunked(inputs as never, dims, chunkSize) : ssdScanChunked(inputs as never, dims, chunkSize);
}

/** Milliseconds of one forward+backward call, read back (`dataSync`) so that async backends are timed too. */
function timeForwardBackward(dims: ScanDims, inputs: Record<string, tf.Tensor>, chunkSize: number): number {
  const names = Object.keys(inputs);
  const started = performance.now();
  const total = tf.tidy(() => {
    const loss = (...xs: tf.Tensor[]) => {
      const { y, state } = runChunked(dims, Object.fromEntries(names.map((name, i) => [name, xs[i] as tf.Tensor])), chunkSize);
      return tf.add(tf.sum(y), tf.sum(state)) as tf.Scalar;
    };
    return tf.addN(tf.grads(loss)(names.map((name) => inputs[name] as tf.Tensor)).map((grad) => tf.sum(grad)));
  });
  total.dataSync();
  total.dispose();
  return performance.now() - started;
}

/**
 * Times the `chunked` implementation's forward+backward pass at each candidate chunk size on the active
 * backend at `dims`, and returns the fastest (as cuDNN's autotuner does for convolutions). Synchronous,
 * because the op wrappers that call it are. Run it outside the caller's gradient tape (`outsideGradientTape`).
 */
export function measureChunkSizes(op: ScanOpName, dims: ScanDims): ChunkSizeTuning {
  // A chunk longer than the sequence is cut to its length: candidates ≥ l all run as chunk size l.
  const candidates = [...new Set(TUNING_CANDIDATES.map((c) => Math.min(c, dims.l)))];
  const inputs = randomInputs(dims, new Rng(0));
  try {
    const timings = candidates.map((chunkSize) => {
      timeForwardBackward(dims, inputs, chunkSize); // warm-up: programs compiled, memory allocated
      const times = Array.from({ length: TUNING_ROUNDS }, () => timeForwardBackward(dims, inputs, chunkSize)).sort((a, b) => a - b);
      return { chunkSize, medianMs: times[Math.floor(times.length / 2)] as number };
    });
    const fastest = timings.reduce((best, t) => (t.medianMs < best.medianMs ? t : best));
    return { op, backend: tf.getBackend(), dims, chunkSize: fastest.chunkSize, timings };
  } finally {
    tf.dispose(Object.values(inputs));
  }
}
