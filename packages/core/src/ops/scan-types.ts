import type * as tf from '@tensorflow/tfjs';

/**
 * How a scan is computed:
 * - `reference`: the sequential recurrence in tf ops (exact, slow; the definition the others are tested against);
 * - `chunked`: block decomposition into matmuls and log-depth scans, autodiff through tf ops;
 * - `kernel`: the fused kernel registered for the active backend (forward and backward);
 * - `auto`: the fastest correct one available on the active backend.
 */
export type ScanImpl = 'auto' | 'reference' | 'chunked' | 'kernel';
export const SCAN_IMPLS: readonly ScanImpl[] = ['auto', 'reference', 'chunked', 'kernel'];

export interface ScanOptions {
  impl?: ScanImpl;
  /**
   * Block length of the `chunked` implementation (and of the fused SSD kernels); any sequence length
   * works. Default: where `auto` runs `chunked` (no fused kernel on the backend), the fastest size
   * measured for this op, shape and backend on the first call (see `setScanChunkTuning`); else 64.
   */
  chunkSize?: number;
}

/**
 * How a decode step (`selectiveScanStep`, `ssdStep`) is computed: `kernel`, the backend's fused step
 * kernel (not differentiable); `reference`, composed of tf ops (differentiable); `auto`, the kernel
 * where one is registered for the active backend, else `reference`.
 */
export type StepImpl = 'auto' | 'reference' | 'kernel';
export const STEP_IMPLS: readonly StepImpl[] = ['auto', 'reference', 'kernel'];

export interface StepOptions {
  impl?: StepImpl;
}

// A type alias rather than an interface, so that tf.tidy accepts it as a TensorContainer.
export type ScanResult = {
  /** Output sequence, same layout as the input sequence. */
  y: tf.Tensor;
  /** Final SSM state, to continue the sequence with `initialState`. */
  state: tf.Tensor;
};

/** Mamba-1 selective scan inputs (channels-last). */
export interface SelectiveScanInputs {
  /** [b,l,d] */
  u: tf.Tensor;
  /** [b,l,d], before bias and softplus */
  delta: tf.Tensor;
  /** [d,n] */
  A: tf.Tensor;
  /** [b,l,n] or [b,l,g,n], d % g == 0 */
  B: tf.Tensor;
  /** same shape as B */
  C: tf.Tensor;
  /** [d] skip connection */
  D?: tf.Tensor;
  /** [b,l,d] gate: y *= silu(z) */
  z?: tf.Tensor;
  /** [d] */
  deltaBias?: tf.Tensor;
  /** default true */
  deltaSoftplus?: boolean;
  /** [b,d,n] */
  initialState?: tf.Tensor;
}

/** Mamba-2 SSD scan inputs (channels-last). */
export interface SsdScanInputs {
  /** [b,l,h,p] */
  x: tf.Tensor;
  /** [b,l,h], before bias and softplus */
  dt: tf.Tensor;
  /** [h], one scalar decay per head */
  A: tf.Tensor;
  /** [b,l,g,n], h % g == 0 */
  B: tf.Tensor;
  /** [b,l,g,n] */
  C: tf.Tensor;
  /** [h] */
  D?: tf.Tensor;
  /** [b,l,h,p] */
  z?: tf.Tensor;
  /** [h] */
  dtBias?: tf.Tensor;
  /** default true */
  dtSoftplus?: boolean;
  /** [b,h,p,n] */
  initialState?: tf.Tensor;
}

/** One token of a selective scan: the decode step. */
export interface SelectiveScanStepInputs {
  /** [b,d] */
  u: tf.Tensor;
  /** [b,d] */
  delta: tf.Tensor;
  /** [d,n] */
  A: tf.Tensor;
  /** [b,n] or [b,g,n] */
  B: tf.Tensor;
  /** same shape as B */
  C: tf.Tensor;
  D?: tf.Tensor;
  /** [b,d] */
  z?: tf.Tensor;
  deltaBias?: tf.Tensor;
  deltaSoftplus?: boolean;
  /** [b,d,n], the state after the previous token */
  state: tf.Tensor;
}

/** One token of an SSD scan: the decode step. */
export interface SsdStepInputs {
  /** [b,h,p] */
  x: tf.Tensor;
  /** [b,h] */
  dt: tf.Tensor;
  /** [h] */
  A: tf.Tensor;
  /** [b,g,n] */
  B: tf.Tensor;
  /** [b,g,n] */
  C: tf.Tensor;
  D?: tf.Tensor;
  /** [b,h,p] */
  z?: tf.Tensor;
  dtBias?: tf.Tensor;
  dtSoftplus?: boolean;
  /** [b,h,p,n] */
  state: tf.Tensor;
}
