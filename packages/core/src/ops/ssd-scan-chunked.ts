import * as tf from '@tensorflow/tfjs';
import { discretizeStep, expandGroups, padTime, skipAndGate, unstackAxis } from './scan-common.js';
import type { ScanResult, SsdScanInputs } from './scan-types.js';
import type { SsdDims } from './scan-validation.js';

/** Lower-triangular ones [T,T] (including the diagonal): which steps j ≤ i reach step i. */
function causalMask(T: number): tf.Tensor2D {
  const values = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) values[i * T + j] = 1;
  return tf.tensor2d(values, [T, T]);
}

/**
 * exp(segsum) of a cumulative log-decay along the last axis: L[..., i, j] = exp(cs_i − cs_j) for i ≥ j,
 * 0 above the diagonal (the 1-semiseparable mask of SSD, Dao & Gu 2024 §6). The difference is zeroed
 * above the diagonal before exp, so neither the masked entries nor their gradients overflow.
 */
function decayMask(cumulative: tf.Tensor, T: number): tf.Tensor {
  const diff = tf.sub(tf.expandDims(cumulative, -1), tf.expandDims(cumulative, -2)); // [..., i, j]
  const mask = causalMask(T);
  return tf.mul(tf.exp(tf.mul(diff, mask)), mask);
}

/**
 * The SSD algorithm (Dao & Gu 2024, §6, `ssd_minimal_discrete`) on chunks of T steps:
 * 1. diagonal blocks: quadratic (attention-like) form inside each chunk, y = (L ∘ C Bᵀ) (dt x);
 * 2. each chunk's final state from a zero start;
 * 3. chunk-to-chunk recurrence for the true chunk-start states (from `initialState`);
 * 4. off-diagonal blocks: the chunk-start state read out by C with the decay so far.
 * Padding steps have dt = 0 (decay 1, no input), so any length works. Batch and chunk axes are
 * merged (q = b·chunks) so that no tensor exceeds rank 4 (WebGPU's limit).
 */
export function ssdScanChunked(inputs: SsdScanInputs, dims: SsdDims, chunkSize: number): ScanResult {
  const { b, l, h, p, n, g } = dims;
  const T = Math.min(chunkSize, l);
  const chunks = Math.ceil(l / T);
  const padded = chunks * T;
  const q = b * chunks;

  const dt = padTime(discretizeStep(inputs.dt, inputs.dtBias, inputs.dtSoftplus ?? true), padded); // [b,L,h]
  const cumulative = tf.cumsum(tf.transpose(tf.reshape(tf.mul(dt, inputs.A), [q, T, h]), [0, 2, 1]), 2); // [q,h,T]
  const scaledX = tf.mul(padTime(inputs.x, padded), tf.expandDims(dt, 3));
  const xBlocks = tf.transpose(tf.reshape(scaledX, [q, T, h, p]), [0, 2, 1, 3]); // [q,h,T,p]
  const toBlocks = (t: tf.Tensor) => tf.transpose(tf.reshape(padTime(t, padded), [q, T, g, n]), [0, 2, 1, 3]); // [q,g,T,n]
  const Bg = toBlocks(inputs.B);
  const Cg = toBlocks(inputs.C);
  // [q,g,X,Y] -> [q,h,X,Y]: every head reads its group's matrix
  const perHead = (t: tf.Tensor) => {
    const [rows, cols] = t.shape.slice(-2) as [number, number];
    return tf.reshape(expandGroups(tf.reshape(t, [q, g, rows * cols]), h / g), [q, h, rows, cols]);
  };
  const Bh = perHead(Bg);
  const Ch = perHead(Cg);

  // 1. intra-chunk outputs
  const scores = tf.mul(perHead(tf.matMul(Cg, Bg, false, true)), decayMask(cumulative, T)); // [q,h,T,T]
  const yDiagonal = tf.matMul(scores, xBlocks); // [q,h,T,p]

  // 2. per-chunk final states from zero: Σ_s exp(cs_last − cs_s) dt_s x_s ⊗ B_s
  const last = tf.slice(cumulative, [0, 0, T - 1], [q, h, 1]); // [q,h,1]
  const decayToEnd = tf.expandDims(tf.exp(tf.sub(last, cumulative)), 3); // [q,h,T,1]
  const chunkStates = tf.matMul(tf.mul(xBlocks, decayToEnd), Bh, true, false); // [q,h,p,n]

  // 3. chunk-start states, with (p, n) flattened
  const chunkDecay = unstackAxis(tf.reshape(tf.exp(last), [b, chunks, h, 1]), 1);
  const chunkInput = unstackAxis(tf.reshape(chunkStates, [b, chunks, h, p * n]), 1);
  let state = inputs.initialState === undefined ? tf.zeros([b, h, p * n]) : tf.reshape(inputs.initialState, [b, h, p * n]);
  const starts: tf.Tensor[] = [];
  chunkDecay.forEach((decay, c) => {
    starts.push(state);
    state = tf.add(tf.mul(decay, state), chunkInput[c] as tf.Tensor);
  });

  // 4. carried-in state read out inside each chunk
  const startStates = tf.reshape(tf.stack(starts, 1), [q, h, p, n]);
  const decayFromStart = tf.expandDims(tf.exp(cumulative), 3); // [q,h,T,1]
  const yCarried = tf.mul(tf.matMul(Ch, startStates, false, true), decayFromStart); // [q,h,T,p]

  const yBlocks = tf.transpose(tf.add(yDiagonal, yCarried), [0, 2, 1, 3]); // [q,T,h,p]
  const y = tf.slice(tf.reshape(yBlocks, [b, padded, h, p]), [0, 0, 0, 0], [b, l, h, p]);
  return {
    y: skipAndGate(y, inputs.x, inputs.D && tf.expandDims(inputs.D, 1), inputs.z),
    state: tf.reshape(state, [b, h, p, n]),
  };
}
