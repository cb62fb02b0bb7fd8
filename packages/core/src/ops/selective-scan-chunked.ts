import * as tf from '@tensorflow/tfjs';
import { asGroups, discretizeStep, expandGroups, padTime, shiftForward, skipAndGate, unstackAxis } from './scan-common.js';
import type { ScanResult, SelectiveScanInputs } from './scan-types.js';
import type { SelectiveDims } from './scan-validation.js';

/**
 * Chunked selective scan. The recurrence h_t = a_t h_{t-1} + b_t is a scan over the associative
 * operator (a1,b1)∘(a2,b2) = (a1 a2, a2 b1 + b2) (Blelloch 1990; Mamba §3.3.2):
 * 1. inside every chunk of T steps, a Hillis–Steele scan in log2(T) vectorised steps, from a zero state;
 * 2. across chunks, the chunk-start states by the sequential recurrence on the chunks' (a, b) totals;
 * 3. h_t = local_t + (∏ a within the chunk up to t) · chunk-start state.
 * Padding steps have a = 1, b = 0, so they leave the state unchanged and any length works.
 * The state axes (d, n) are kept flattened so that no tensor exceeds rank 4 (WebGPU's limit).
 */
export function selectiveScanChunked(inputs: SelectiveScanInputs, dims: SelectiveDims, chunkSize: number): ScanResult {
  const { b, l, d, n, g } = dims;
  const T = Math.min(chunkSize, l);
  const chunks = Math.ceil(l / T);
  const padded = chunks * T;
  const dn = d * n;

  const dt = padTime(discretizeStep(inputs.delta, inputs.deltaBias, inputs.deltaSoftplus ?? true), padded);
  const u = padTime(inputs.u, padded);
  const B = expandGroups(asGroups(padTime(inputs.B, padded), 4), d / g); // [b,L,d,n]
  const C = expandGroups(asGroups(padTime(inputs.C, padded), 4), d / g);
  const blocked = [b * chunks, T, dn];
  let a = tf.reshape(tf.exp(tf.mul(tf.expandDims(dt, 3), inputs.A)), blocked);
  let local = tf.reshape(tf.mul(tf.expandDims(tf.mul(dt, u), 3), B), blocked);

  for (let k = 1; k < T; k *= 2) {
    local = tf.add(local, tf.mul(a, shiftForward(local, 1, k, 0)));
    a = tf.mul(a, shiftForward(a, 1, k, 1));
  }

  const lastStep = (t: tf.Tensor) => tf.reshape(tf.slice(t, [0, T - 1, 0], [b * chunks, 1, dn]), [b, chunks, dn]);
  const chunkDecay = unstackAxis(lastStep(a), 1);
  const chunkDrive = unstackAxis(lastStep(local), 1);
  let state = inputs.initialState === undefined ? tf.zeros([b, dn]) : tf.reshape(inputs.initialState, [b, dn]);
  const chunkStart: tf.Tensor[] = [];
  chunkDecay.forEach((decay, c) => {
    chunkStart.push(state);
    state = tf.add(tf.mul(decay, state), chunkDrive[c] as tf.Tensor);
  });

  const starts = tf.reshape(tf.stack(chunkStart, 1), [b * chunks, 1, dn]);
  const h = tf.add(local, tf.mul(a, starts)); // [b*c,T,d*n]
  const yPadded = tf.sum(tf.mul(tf.reshape(h, [b, padded, d, n]), C), -1);
  const y = tf.slice(yPadded, [0, 0, 0], [b, l, d]);
  return { y: skipAndGate(y, inputs.u, inputs.D, inputs.z), state: tf.reshape(state, [b, d, n]) };
}
