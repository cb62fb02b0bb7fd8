// The decode-step SIMD module (build/decode-kernels.wasm): unlike the scan kernels' module it has no
// memory of its own but imports tfjs-backend-wasm's heap (`--importMemory`), so that its functions
// work on tensors where they lie — the KV cache and SSM state are read and updated in place, with no
// copy in or out. So it must never write outside the arrays it is handed: no static data, no
// allocation (`--runtime stub`, nothing that allocates), no stack (no locals in memory). Every pointer
// is a byte offset into that heap; every array length a multiple of 4 floats (callers check).
// Called by src/kernels/wasm/decode-simd.ts.
import { exp4, sumLanes } from '../simd-math';

/** Rows of values summed in float32 before they are added to the running total (bounds float32 error). */
const BLOCK: i32 = 256;

/**
 * One query head over `len` cached positions: out[0, hd) = softmax(scale · q·kₜ) · V, t < len.
 * q, out: hd floats; keys, values: len rows of hd floats each; scores: scratch of len floats;
 * partial: scratch of hd floats. hd % 4 == 0.
 */
export function attentionHead(q: usize, keys: usize, values: usize, hd: i32, len: i32, scale: f32, scores: usize, partial: usize, out: usize): void {
  const row = <usize>hd << 2;
  // scores, four keys per pass over q
  let max = f32x4.splat(-Infinity);
  let t = 0;
  for (; t + 3 < len; t += 4) {
    const k0 = keys + <usize>t * row;
    const k1 = k0 + row;
    const k2 = k1 + row;
    const k3 = k2 + row;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let d: usize = 0; d < row; d += 16) {
      const qv = v128.load(q + d);
      a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + d)));
      a1 = f32x4.add(a1, f32x4.mul(qv, v128.load(k1 + d)));
      a2 = f32x4.add(a2, f32x4.mul(qv, v128.load(k2 + d)));
      a3 = f32x4.add(a3, f32x4.mul(qv, v128.load(k3 + d)));
    }
    // transpose-and-add: lane i of s = the sum of the lanes of a_i
    const s01 = f32x4.add(i32x4.shuffle(a0, a1, 0, 4, 2, 6), i32x4.shuffle(a0, a1, 1, 5, 3, 7)); // a0₀+a0₁, a1₀+a1₁, a0₂+a0₃, a1₂+a1₃
    const s23 = f32x4.add(i32x4.shuffle(a2, a3, 0, 4, 2, 6), i32x4.shuffle(a2, a3, 1, 5, 3, 7));
    const s = f32x4.mul(f32x4.add(i32x4.shuffle(s01, s23, 0, 1, 4, 5), i32x4.shuffle(s01, s23, 2, 3, 6, 7)), f32x4.splat(scale));
    v128.store(scores + (<usize>t << 2), s);
    max = f32x4.pmax(max, s);
  }
  let top = f32x4.extract_lane(max, 0);
  top = Mathf.max(top, f32x4.extract_lane(max, 1));
  top = Mathf.max(top, f32x4.extract_lane(max, 2));
  top = Mathf.max(top, f32x4.extract_lane(max, 3));
  for (; t < len; t++) {
    const kt = keys + <usize>t * row;
    let a = f32x4.splat(0);
    for (let d: usize = 0; d < row; d += 16) a = f32x4.add(a, f32x4.mul(v128.load(q + d), v128.load(kt + d)));
    const s = sumLanes(a) * scale;
    store<f32>(scores + (<usize>t << 2), s);
    top = Mathf.max(top, s);
  }
  // weights e^(s − max), their sum (float32 within a block, float64 across blocks)
  let total: f64 = 0;
  const shift = f32x4.splat(top);
  t = 0;
  while (t < len) {
    const end = min(len, t + BLOCK);
    let sum = f32x4.splat(0);
    for (; t + 3 < end; t += 4) {
      const p = scores + (<usize>t << 2);
      const e = exp4(f32x4.sub(v128.load(p), shift));
      v128.store(p, e);
      sum = f32x4.add(sum, e);
    }
    let rest: f32 = 0;
    for (; t < end; t++) {
      const p = scores + (<usize>t << 2);
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(p) - top)), 0);
      store<f32>(p, e);
      rest += e;
    }
    total += <f64>sumLanes(sum) + <f64>rest;
  }
  // Σ wₜ vₜ: four rows per pass over `partial`, one block of rows at a time, blocks added into out
  for (let d: usize = 0; d < row; d += 16) v128.store(out + d, f32x4.splat(0));
  t = 0;
  while (t < len) {
    const end = min(len, t + BLOCK);
    for (let d: usize = 0; d < row; d += 16) v128.store(partial + d, f32x4.splat(0));
    for (; t + 3 < end; t += 4) {
      const w = v128.load(scores + (<usize>t << 2));
      const w0 = i32x4.shuffle(w, w, 0, 0, 0, 0);
      const w1 = i32x4.shuffle(w, w, 1, 1, 1, 1);
      const w2 = i32x4.shuffle(w, w, 2, 2, 2, 2);
      const w3 = i32x4.shuffle(w, w, 3, 3, 3, 3);
      const v0 = values + <usize>t * row;
      const v1 = v0 + row;
      const v2 = v1 + row;
      const v3 = v2 + row;
      for (let d: usize = 0; d < row; d += 16) {
        const sum = f32x4.add(
          f32x4.add(f32x4.mul(w0, v128.load(v0 + d)), f32x4.mul(w1, v128.load(v1 + d))),
          f32x4.add(f32x4.mul(w2, v128.load(v2 + d)), f32x4.mul(w3, v128.load(v3 + d))),
        );
        v128.store(partial + d, f32x4.add(v128.load(partial + d), sum));
      }
    }
    for (; t < end; t++) {
      const w = f32x4.splat(load<f32>(scores + (<usize>t << 2)));
      const vt = values + <usize>t * row;
      for (let d: usize = 0; d < row; d += 16) v128.store(partial + d, f32x4.add(v128.load(partial + d), f32x4.mul(w, v128.load(vt + d))));
    }
    for (let d: usize = 0; d < row; d += 16) v128.store(out + d, f32x4.add(v128.load(out + d), v128.load(partial + d)));
  }
  const inverse = f32x4.splat(<f32>(1 / total));
  for (let d: usize = 0; d < row; d += 16) v128.store(out + d, f32x4.mul(v128.load(out + d), inverse));
}

/**
 * One head of the SSD decode step, in place: H[r] = decay·H[r] + (dt·x[r])·B and
 * y[r] = H[r]·C + skip·x[r] for the head's p rows. state: p rows of n floats; x, y: p floats;
 * B, C: n floats. n % 4 == 0.
 */
export function ssdHeadStep(state: usize, x: usize, B: usize, C: usize, p: i32, n: i32, dt: f32, decay: f32, skip: f32, y: usize): void {
  const row = <usize>n << 2;
  const decays = f32x4.splat(decay);
  for (let r = 0; r < p; r++) {
    const xr = load<f32>(x + (<usize>r << 2));
    const drive = f32x4.splat(dt * xr);
    const h = state + <usize>r * row;
    let acc = f32x4.splat(0);
    for (let j: usize = 0; j < row; j += 16) {
      const v = f32x4.add(f32x4.mul(decays, v128.load(h + j)), f32x4.mul(drive, v128.load(B + j)));
      v128.store(h + j, v);
      acc = f32x4.add(acc, f32x4.mul(v, v128.load(C + j)));
    }
    store<f32>(y + (<usize>r << 2), sumLanes(acc) + skip * xr);
  }
}
