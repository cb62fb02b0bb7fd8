import * as tf from '@tensorflow/tfjs';
import { discretizeStep, expandGroups, padTime, skipAndGate, unstackAxis } from './scan-common.js';
import type { ScanResult, SsdScanInputs } from './scan-types.js';
import type { SsdDims } from './scan-validation.js';

/** Batched matmul over any number of equal leading axes (tfjs wants rank-3 operands). */
function batchedMatMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  const lead = a.shape.slice(0, -2);
  const batch = lead.reduce((x, y) => x * y, 1);
  const a3 = tf.reshape(a, [batch, ...(a.shape.slice(-2) as [number, number])]) as tf.Tensor3D;
  const b3 = tf.reshape(b, [batch, ...(b.shape.slice(-2) as [number, number])]) as tf.Tensor3D;
  const out = tf.matMul(a3, b3, transposeA, transposeB);
  return tf.reshape(out, [...lead, ...out.shape.slice(-2)]);
}

/**
 * exp(segsum) of a cumulative log-decay along the last axis: L[..., i, j] = exp(cs_i − cs_j) for i ≥ j,
 * 0 above the diagonal (the 1-semiseparable mask of SSD, Dao & Gu 2024 §6). Masked entries never see
 * exp of a positive number, so neither they nor their gradients overflow.
 */
function decayMask(cumulative: tf.Tensor, T: number): tf.Tensor {
  const diff = tf.sub(tf.expandDims(cumulative, -1), tf.expandDims(cumulative, -2)); // [..., i, j]
  const lower = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
  const keep = tf.cast(lower, 'bool');
  return tf.mul(tf.exp(tf.where(tf.broadcastTo(keep, diff.shape), diff, tf.zerosLike(diff))), lower);
}

/**
 * The SSD algorithm (Dao & Gu 2024, §6, `ssd_minimal_discrete`) on chunks of T steps:
 * 1. diagonal blocks: quadratic (attention-like) form inside each chunk, y = (L ∘ C Bᵀ) (dt x);
 * 2. each chunk's final state from a zero start;
 * 3. chunk-to-chunk recurrence for the true chunk-start states (from `initialState`);
 * 4. off-diagonal blocks: the chunk-start state read out by C with the decay so far.
 * Padding steps have dt = 0 (decay 1, no input), so any length works.
 */
export function ssdScanChunked(inputs: SsdScanInputs, dims: SsdDims, chunkSize: number): ScanResult {
  const { b, l, h, p, n, g } = dims;
  const T = Math.min(chunkSize, l);
  const chunks = Math.ceil(l / T);
  const padded = chunks * T;

  const dt = padTime(discretizeStep(inputs.dt, inputs.dtBias, inputs.dtSoftplus ?? true), padded); // [b,L,h]
  const logDecay = tf.transpose(tf.reshape(tf.mul(dt, inputs.A), [b, chunks, T, h]), [0, 1, 3, 2]); // [b,c,h,T]
  const cumulative = tf.cumsum(logDecay, 3);
  const scaledX = tf.transpose(
    tf.reshape(tf.mul(padTime(inputs.x, padded), tf.expandDims(dt, 3)), [b, chunks, T, h, p]),
    [0, 1, 3, 2, 4],
  ); // [b,c,h,T,p]
  const toBlocks = (t: tf.Tensor) => tf.transpose(tf.reshape(padTime(t, padded), [b, chunks, T, g, n]), [0, 1, 3, 2, 4]);
  const Bg = toBlocks(inputs.B); // [b,c,g,T,n]
  const Cg = toBlocks(inputs.C);
  // [b,c,g,X,Y] -> [b,c,h,X,Y]: every head reads its group's matrix
  const perHead = (t: tf.Tensor) => {
    const [rows, cols] = t.shape.slice(-2) as [number, number];
    return tf.reshape(expandGroups(tf.reshape(t, [b, chunks, g, rows * cols]), h / g), [b, chunks, h, rows, cols]);
  };
  const Bh = perHead(Bg);
  const Ch = perHead(Cg);

  // 1. intra-chunk outputs
  const scores = tf.mul(perHead(batchedMatMul(Cg, Bg, false, true)), decayMask(cumulative, T)); // [b,c,h,T,T]
  const yDiagonal = batchedMatMul(scores, scaledX); // [b,c,h,T,p]

  // 2. per-chunk final states from zero: Σ_s exp(cs_last − cs_s) dt_s x_s ⊗ B_s
  const last = tf.slice(cumulative, [0, 0, 0, T - 1], [b, chunks, h, 1]);
  const decayToEnd = tf.expandDims(tf.exp(tf.sub(last, cumulative)), 4); // [b,c,h,T,1]
  const chunkStates = batchedMatMul(tf.mul(scaledX, decayToEnd), Bh, true, false); // [b,c,h,p,n]

  // 3. chunk-start states
  const chunkDecay = unstackAxis(tf.reshape(tf.exp(last), [b, chunks, h, 1, 1]), 1);
  const chunkInput = unstackAxis(chunkStates, 1);
  let state = inputs.initialState ?? tf.zeros([b, h, p, n]);
  const starts: tf.Tensor[] = [];
  chunkDecay.forEach((decay, c) => {
    starts.push(state);
    state = tf.add(tf.mul(decay, state), chunkInput[c] as tf.Tensor);
  });

  // 4. carried-in state read out inside each chunk
  const decayFromStart = tf.expandDims(tf.exp(cumulative), 4); // [b,c,h,T,1]
  const yCarried = tf.mul(batchedMatMul(Ch, tf.stack(starts, 1), false, true), decayFromStart); // [b,c,h,T,p]

  const yBlocks = tf.transpose(tf.add(yDiagonal, yCarried), [0, 1, 3, 2, 4]); // [b,c,T,h,p]
  const y = tf.slice(tf.reshape(yBlocks, [b, padded, h, p]), [0, 0, 0, 0], [b, l, h, p]);
  return { y: skipAndGate(y, inputs.x, inputs.D && tf.expandDims(inputs.D, 1), inputs.z), state };
}
