import { SsdScanArgs } from './kernel-args';
import { exp4, sigmoid4, softplus4 } from './simd-math';

// What the chunked SSD kernels (ssd-scan-forward.ts, ssd-scan-backward.ts) share: the array offsets, the
// chunk length, a chunk's decays and its masked score matrix, and small transposes.
//
// Inside a chunk of T steps starting at t0 (positions t, s = 0..T−1), for one head with a = dt·A and its
// state H [p,n] at the chunk's start:
//   cum_t = a_0 + … + a_t,  E[t,s] = exp(cum_t − cum_s) (s ≤ t),  G = C Bᵀ (per group),
//   M[t,s] = G[t,s] E[t,s] dt_s  (s ≤ t, else 0)              — the masked scores of SSD's diagonal block
//   y_t = exp(cum_t) H C_t + Σ_s M[t,s] x_s  (+ D x_t, gate)  — the carried-in state and the chunk's own steps
//   H' = exp(cum_{T−1}) H + Σ_s w_s dt_s x_s ⊗ B_s,  w_s = exp(cum_{T−1} − cum_s)
// which is the recurrence H_t = exp(dt_t A) H_{t−1} + dt_t x_t ⊗ B_t, y_t = H_t C_t, regrouped.

/** Steps per chunk (a multiple of 4). */
export const CHUNK: i32 = 32;

/** Chunks of a sequence of l steps (the last one may be shorter). */
@inline
export function chunkCount(l: i32): i32 {
  return (l + CHUNK - 1) / CHUNK;
}

// Scalars go through the f32x4 functions too: AssemblyScript's Mathf.exp has a lookup table in static
// data, and build/ssd-kernels.wasm, which runs on tfjs-backend-wasm's heap, must have none.

/** e^x (one lane of exp4). */
@inline
export function expScalar(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

/** 1 / (1 + e^−x) (one lane of sigmoid4). */
@inline
export function sigmoidScalar(x: f32): f32 {
  return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
}

/** Floats rounded up to whole f32x4 vectors, in bytes: each scratch array starts 16-byte aligned. */
@inline
export function vectorBytes(floats: i32): usize {
  return <usize>((floats + 3) & ~3) << 2;
}

/** dt of one head at step t after the bias, before the optional softplus. */
@inline
export function rawStepSize(a: SsdScanArgs, bi: i32, t: i32, head: i32): f32 {
  return load<f32>(a.dt + (<usize>((bi * a.l + t) * a.h + head) << 2)) + load<f32>(a.dtBias + (<usize>head << 2));
}

/** Byte offset of x_t (and y_t, z_t) of one head: [b,l,h,p]. */
@inline
export function rowOffset(a: SsdScanArgs, bi: i32, t: i32, head: i32): usize {
  return <usize>(((bi * a.l + t) * a.h + head) * a.p) << 2;
}

/** Byte offset of B_t (and C_t) of one group: [b,l,g,n]. */
@inline
export function groupOffset(a: SsdScanArgs, bi: i32, t: i32, group: i32): usize {
  return <usize>(((bi * a.l + t) * a.g + group) * a.n) << 2;
}

/** Byte offset of one head's [p,n] state in [b,h,p,n]. */
@inline
export function stateOffset(a: SsdScanArgs, bi: i32, head: i32): usize {
  return <usize>((bi * a.h + head) * a.p * a.n) << 2;
}

/** A [rows, cols] matrix (row stride `fromStride` floats) written transposed, [cols, rows], with row stride `toStride`. */
export function transpose(from: usize, fromStride: i32, rows: i32, cols: i32, to: usize, toStride: i32): void {
  const fromRow = <usize>fromStride << 2, toRow = <usize>toStride << 2;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const f = from + <usize>i * fromRow;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      // 4×4 blocks in registers
      const fj = f + (<usize>j << 2);
      const r0 = v128.load(fj), r1 = v128.load(fj + fromRow), r2 = v128.load(fj + 2 * fromRow), r3 = v128.load(fj + 3 * fromRow);
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const o = to + <usize>j * toRow + (<usize>i << 2);
      v128.store(o, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(o + toRow, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(o + 2 * toRow, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(o + 3 * toRow, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
    for (; j < cols; j++) {
      for (let r = 0; r < 4; r++) store<f32>(to + <usize>j * toRow + (<usize>(i + r) << 2), load<f32>(f + <usize>r * fromRow + (<usize>j << 2)));
    }
  }
  for (; i < rows; i++) {
    const f = from + <usize>i * fromRow;
    for (let j = 0; j < cols; j++) store<f32>(to + <usize>j * toRow + (<usize>i << 2), load<f32>(f + (<usize>j << 2)));
  }
}

/** to[t,:] = scale[t] · from[t,:] for T rows of p (row strides in floats). */
export function scaleRows(from: usize, fromStride: i32, scale: usize, T: i32, p: i32, to: usize, toStride: i32): void {
  for (let t = 0; t < T; t++) {
    const f = from + (<usize>(t * fromStride) << 2), o = to + (<usize>(t * toStride) << 2);
    const c = load<f32>(scale + (<usize>t << 2));
    const cs = f32x4.splat(c);
    let j = 0;
    for (; j + 4 <= p; j += 4) v128.store(o + (<usize>j << 2), f32x4.mul(cs, v128.load(f + (<usize>j << 2))));
    for (; j < p; j++) store<f32>(o + (<usize>j << 2), c * load<f32>(f + (<usize>j << 2)));
  }
}

/** One chunk's per-step vectors of one head (each CHUNK floats). */
@unmanaged
export class Decays {
  /** dt_t + bias, before the softplus */
  raw: usize;
  /** dt_t after bias and softplus */
  dt: usize;
  /** cum_t */
  cum: usize;
  /** exp(cum_t): the decay from the chunk's start through step t */
  start: usize;
  /** w_t = exp(cum_{T−1} − cum_t): the decay from step t to the chunk's end */
  end: usize;
  /** w_t dt_t */
  coef: usize;
  /** exp(cum_{T−1}) */
  total: f32;
}

/** Bytes of a Decays and its vectors. */
export function decaysBytes(): usize {
  return vectorBytes(<i32>(offsetof<Decays>() >> 2)) + 6 * vectorBytes(CHUNK);
}

/** A Decays placed at `at` (decaysBytes() of scratch); no allocation (the JS side owns the heap). */
export function placeDecays(at: usize): Decays {
  const d = changetype<Decays>(at);
  const bytes = vectorBytes(CHUNK);
  at += vectorBytes(<i32>(offsetof<Decays>() >> 2));
  d.raw = at;
  d.dt = at + bytes;
  d.cum = at + 2 * bytes;
  d.start = at + 3 * bytes;
  d.end = at + 4 * bytes;
  d.coef = at + 5 * bytes;
  return d;
}

/** Fills `d` for steps t0..t0+T−1 of one head (the vectors' lanes past T hold finite values). */
export function chunkDecays(a: SsdScanArgs, bi: i32, t0: i32, T: i32, head: i32, d: Decays): void {
  const A = load<f32>(a.A + (<usize>head << 2));
  const softplusOn = a.dtSoftplus != 0;
  const padded = <usize>((T + 3) & ~3) << 2;
  v128.store(d.raw + padded - 16, f32x4.splat(0));
  for (let t = 0; t < T; t++) store<f32>(d.raw + (<usize>t << 2), rawStepSize(a, bi, t0 + t, head));
  for (let o: usize = 0; o < padded; o += 16) {
    const raw = v128.load(d.raw + o);
    v128.store(d.dt + o, softplusOn ? softplus4(raw) : raw);
  }
  let cum: f32 = 0;
  for (let t = 0; t < T; t++) {
    cum += load<f32>(d.dt + (<usize>t << 2)) * A;
    store<f32>(d.cum + (<usize>t << 2), cum);
  }
  for (let t = T; t < (T + 3) & ~3; t++) store<f32>(d.cum + (<usize>t << 2), cum);
  const last = f32x4.splat(cum);
  for (let o: usize = 0; o < padded; o += 16) {
    const c = v128.load(d.cum + o);
    v128.store(d.start + o, exp4(c));
    const w = exp4(f32x4.sub(last, c));
    v128.store(d.end + o, w);
    v128.store(d.coef + o, f32x4.mul(w, v128.load(d.dt + o)));
  }
  d.total = expScalar(cum);
}

/**
 * M[t,s] = G[t,s] exp(cum_t − cum_s) dt_s for s ≤ t < T and 0 for t < s < T (rows of CHUNK floats); with
 * `E` ≠ 0 also E[t,s] = exp(cum_t − cum_s) for s ≤ t (the backward pass's). Only G's lower triangle is read.
 */
export function maskedScores(G: usize, M: usize, E: usize, d: Decays, T: i32): void {
  const rowBytes = <usize>CHUNK << 2;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * rowBytes;
    const cumT = load<f32>(d.cum + (<usize>t << 2));
    const cums = f32x4.splat(cumT);
    let s = 0;
    for (; s + 3 <= t; s += 4) {
      const at = <usize>s << 2;
      const e = exp4(f32x4.sub(cums, v128.load(d.cum + at)));
      v128.store(M + row + at, f32x4.mul(f32x4.mul(v128.load(G + row + at), e), v128.load(d.dt + at)));
      if (E != 0) v128.store(E + row + at, e);
    }
    for (; s <= t; s++) {
      const at = <usize>s << 2;
      const e = expScalar(cumT - load<f32>(d.cum + at));
      store<f32>(M + row + at, load<f32>(G + row + at) * e * load<f32>(d.dt + at));
      if (E != 0) store<f32>(E + row + at, e);
    }
    for (; s < T; s++) store<f32>(M + row + (<usize>s << 2), 0);
  }
}
