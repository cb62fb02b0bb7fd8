// The argument blocks the JS wrappers write into linear memory before calling a kernel: the sizes, then
// the byte offset of every array. The field order is mirrored by the wrappers' `*_ARG_FIELDS`
// (src/kernels/wasm/); every field is 4 bytes, and `*ArgsBytes()` lets the wrapper check the count.

/**
 * selectiveScan, with channels padded per group to a multiple of 4 (zero channels, see
 * channel-padding.ts): u, delta, z, y [b,l,d]; A transposed to [n,d]; B, C [b,l,g,n]; D, deltaBias [d];
 * initialState, state and their gradients transposed to [b,n,d]. Gradients have their input's layout.
 */
@unmanaged
export class SelectiveScanArgs {
  b: i32;
  l: i32;
  d: i32;
  n: i32;
  g: i32;
  deltaSoftplus: i32;
  gated: i32;
  u: usize;
  delta: usize;
  At: usize;
  B: usize;
  C: usize;
  D: usize;
  z: usize;
  deltaBias: usize;
  initialState: usize;
  y: usize;
  state: usize;
  dy: usize;
  dstate: usize;
  du: usize;
  ddelta: usize;
  dAt: usize;
  dB: usize;
  dC: usize;
  dD: usize;
  dz: usize;
  ddeltaBias: usize;
  dinitialState: usize;
  scratch: usize;
}

/**
 * ssdScan, with the state size n padded to a multiple of 4 (zero columns of B, C and the state):
 * x, z, y [b,l,h,p]; dt [b,l,h]; A, D, dtBias [h]; B, C [b,l,g,n]; initialState, state [b,h,p,n];
 * optionally chunkStates [b, chunks, h, p, n]. Gradients have their input's layout.
 */
@unmanaged
export class SsdScanArgs {
  b: i32;
  l: i32;
  h: i32;
  p: i32;
  n: i32;
  g: i32;
  dtSoftplus: i32;
  gated: i32;
  x: usize;
  dt: usize;
  A: usize;
  B: usize;
  C: usize;
  D: usize;
  z: usize;
  dtBias: usize;
  initialState: usize;
  y: usize;
  state: usize;
  dy: usize;
  dstate: usize;
  dx: usize;
  ddt: usize;
  dA: usize;
  dB: usize;
  dC: usize;
  dD: usize;
  dz: usize;
  ddtBias: usize;
  dinitialState: usize;
  /** the start state of every chunk [b, chunks, h, p, n] (CHUNK steps each): written by the forward, read by the backward; 0 = none */
  chunkStates: usize;
  scratch: usize;
}

/**
 * batchMatMul: `batch` products C_t = A_t · B_t, A [m,k], B [k,n], C [batch,m,n]; strideA / strideB
 * are the floats between consecutive A_t / B_t (0 = the same matrix for every t).
 */
@unmanaged
export class MatMulArgs {
  batch: i32;
  m: i32;
  k: i32;
  n: i32;
  strideA: i32;
  strideB: i32;
  a: usize;
  b: usize;
  c: usize;
}
