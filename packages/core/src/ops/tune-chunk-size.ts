import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/random.js';
import { setPreferredChunkSize } from './chunk-size.js';
import type { ScanOpName } from './chunk-size.js';
import { ArgumentError } from './arg-checker.js';
import { selectiveScan } from './selective-scan.js';
import { ssdScan } from './ssd-scan.js';

export type TuningShape = { b: number; l: number; d: number; n: number } | { b: number; l: number; h: number; p: number; n: number };

export interface ChunkSizeTuning {
  op: ScanOpName;
  backend: string;
  /** the fastest candidate, now what `chunked` (and `auto` without a kernel) uses on this backend */
  chunkSize: number;
  /** median milliseconds of one forward+backward call per candidate */
  timings: Array<{ chunkSize: number; medianMs: number }>;
}

export const DEFAULT_CHUNK_CANDIDATES = [16, 32, 64, 128] as const;

function randomInputs(op: ScanOpName, shape: TuningShape, rng: Rng): Record<string, tf.Tensor> {
  const { b, l, n } = shape;
  if (op === 'selectiveScan' && 'd' in shape) {
    const { d } = shape;
    return { u: rng.normalTensor([b, l, d]), delta: rng.normalTensor([b, l, d], 0.5, -2), A: rng.uniformTensor([d, n], -2, -0.5), B: rng.normalTensor([b, l, n]), C: rng.normalTensor([b, l, n]), D: rng.normalTensor([d]) };
  }
  if (op === 'ssdScan' && 'h' in shape) {
    const { h, p } = shape;
    return { x: rng.normalTensor([b, l, h, p]), dt: rng.normalTensor([b, l, h], 0.5, -2), A: rng.uniformTensor([h], -2, -0.5), B: rng.normalTensor([b, l, 1, n]), C: rng.normalTensor([b, l, 1, n]), D: rng.normalTensor([h]) };
  }
  throw new ArgumentError(`tuneScanChunkSize: argument 'shape' must have ${op === 'selectiveScan' ? '{b,l,d,n}' : '{b,l,h,p,n}'} for ${op}; got ${JSON.stringify(shape)}`);
}

/** One forward+backward call of the chunked scan, finished (read back) so that async backends are timed too. */
async function timeCall(op: ScanOpName, inputs: Record<string, tf.Tensor>, chunkSize: number): Promise<number> {
  const names = Object.keys(inputs);
  const started = performance.now();
  const total = tf.tidy(() => {
    const loss = (...xs: tf.Tensor[]) => {
      const replaced = Object.fromEntries(names.map((name, i) => [name, xs[i] as tf.Tensor]));
      const options = { impl: 'chunked' as const, chunkSize };
      const { y, state } = op === 'selectiveScan' ? selectiveScan(replaced as never, options) : ssdScan(replaced as never, options);
      return tf.add(tf.sum(y), tf.sum(state)) as tf.Scalar;
    };
    return tf.addN(tf.grads(loss)(names.map((name) => inputs[name] as tf.Tensor)).map((g) => tf.sum(g)));
  });
  await total.data();
  total.dispose();
  return performance.now() - started;
}

/**
 * Times the `chunked` implementation's forward+backward pass at each candidate chunk size on the active
 * backend, at a shape like the caller's, and makes the fastest the default chunk size for this op on
 * this backend (as cuDNN's autotuner does for convolutions). This is how `auto` picks the fastest chunked
 * variant on backends without fused kernels, such as `tensorflow`, where no custom kernel can be registered.
 */
export async function tuneScanChunkSize(
  op: ScanOpName,
  shape: TuningShape,
  options: { candidates?: readonly number[]; rounds?: number } = {},
): Promise<ChunkSizeTuning> {
  const candidates = options.candidates ?? DEFAULT_CHUNK_CANDIDATES;
  const rounds = options.rounds ?? 3;
  if (candidates.length === 0 || candidates.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new ArgumentError(`tuneScanChunkSize: option 'candidates' must be positive integers; got [${candidates.join(', ')}]`);
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new ArgumentError(`tuneScanChunkSize: option 'rounds' must be a positive integer; got ${rounds}`);
  const inputs = randomInputs(op, shape, new Rng(0));
  try {
    const timings: ChunkSizeTuning['timings'] = [];
    for (const chunkSize of candidates) {
      await timeCall(op, inputs, chunkSize); // warm-up: programs compiled, memory allocated
      const times: number[] = [];
      for (let round = 0; round < rounds; round++) times.push(await timeCall(op, inputs, chunkSize));
      times.sort((a, b) => a - b);
      timings.push({ chunkSize, medianMs: times[Math.floor(times.length / 2)] as number });
    }
    const fastest = timings.reduce((best, t) => (t.medianMs < best.medianMs ? t : best));
    setPreferredChunkSize(op, tf.getBackend(), fastest.chunkSize);
    return { op, backend: tf.getBackend(), chunkSize: fastest.chunkSize, timings };
  } finally {
    tf.dispose(Object.values(inputs));
  }
}
