import { SsdScanArgs } from './kernel-args';
import { CHUNK, Decays, chunkCount, chunkDecays, decaysBytes, groupOffset, maskedScores, placeDecays, rowOffset, scaleRows, sigmoidScalar, stateOffset, transpose, vectorBytes } from './ssd-chunk';
import { A_LOWER, C_LOWER, gemm, gemmFrom } from './ssd-matmul';
import { sigmoid4, sumLanes } from './simd-math';

// The SSD algorithm (Dao & Gu 2024, §6) per batch item, chunk of CHUNK steps and group of heads, in
// matrix products (ssd-matmul.ts): G = C Bᵀ once per group; per head the masked scores M (ssd-chunk.ts),
// y = exp(cum) ∘ (C Hᵀ) + M x, then the chunk-end state H' = exp(cum_{T−1}) H + (w dt ∘ x)ᵀ B. Each head's
// state H [p,n] is updated in place in the `state` output, which starts as a copy of `initialState`.

/** Chunks shorter than this read the state out with dot products instead of a transpose and a matrix product (the decode step is one step). */
const SHORT_CHUNK: i32 = 4;

/** Scratch of the forward kernel: the chunk's decays, Hᵀ [n,p], Bᵀ [n,CHUNK], G and M [CHUNK,CHUNK], w dt ∘ x [CHUNK,p]. */
export function ssdScanForwardScratchBytes(p: i32, n: i32): usize {
  return decaysBytes() + vectorBytes(n * p) + vectorBytes(n * CHUNK) + 2 * vectorBytes(CHUNK * CHUNK) + vectorBytes(CHUNK * p);
}

/** y[t,:] = (y[t,:] + D x[t,:]) · silu(z[t,:]) for the T rows of one head from `row` (byte offset in x, y, z). */
export function skipAndGate(a: SsdScanArgs, row: usize, T: i32, D: f32): void {
  const p = a.p;
  const stride = <usize>(a.h * p) << 2;
  const gated = a.gated != 0;
  const Ds = f32x4.splat(D);
  for (let t = 0; t < T; t++) {
    const at = row + <usize>t * stride;
    const y = a.y + at, x = a.x + at, z = a.z + at;
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      const o = <usize>j << 2;
      let v = f32x4.add(v128.load(y + o), f32x4.mul(Ds, v128.load(x + o)));
      if (gated) {
        const zv = v128.load(z + o);
        v = f32x4.mul(v, f32x4.mul(zv, sigmoid4(zv)));
      }
      v128.store(y + o, v);
    }
    for (; j < p; j++) {
      const o = <usize>j << 2;
      let v = load<f32>(y + o) + D * load<f32>(x + o);
      if (gated) {
        const zv = load<f32>(z + o);
        v *= zv * sigmoidScalar(zv);
      }
      store<f32>(y + o, v);
    }
  }
}

/** next = exp(cum_{T−1}) H + (w dt ∘ x)ᵀ B for one head's [p,n] state and chunk (next = H: in place); `Xw` is [CHUNK,p] scratch. */
export function advanceChunk(a: SsdScanArgs, H: usize, next: usize, d: Decays, B: usize, x: usize, T: i32, Xw: usize): void {
  const p = a.p, n = a.n;
  scaleRows(x, a.h * p, d.coef, T, p, Xw, p);
  gemmFrom(p, n, T, Xw, 1, p, B, a.g * n, next, n, 0, d.total, 0, H);
}

/** y[t,j] = exp(cum_t) Σ_k C[t,k] H[j,k] for a short chunk: dot products along n (a multiple of 4). */
function readOutShort(a: SsdScanArgs, C: usize, H: usize, d: Decays, T: i32, y: usize): void {
  const p = a.p, n = a.n;
  const rowBytes = <usize>n << 2;
  for (let t = 0; t < T; t++) {
    const c = C + <usize>(t * a.g) * rowBytes, out = y + (<usize>(t * a.h * p) << 2);
    const e = load<f32>(d.start + (<usize>t << 2));
    for (let j = 0; j < p; j++) {
      const row = H + <usize>j * rowBytes;
      let sum = f32x4.splat(0);
      for (let o: usize = 0; o < rowBytes; o += 16) sum = f32x4.add(sum, f32x4.mul(v128.load(row + o), v128.load(c + o)));
      store<f32>(out + (<usize>j << 2), e * sumLanes(sum));
    }
  }
}

/** Steps per chunk: chunkStates holds ceil(l / this) states per batch item and head. */
export function ssdScanChunkSteps(): i32 {
  return CHUNK;
}

/** Byte offset of one head's start state of chunk `chunk` in chunkStates [b, chunks, h, p, n]. */
export function chunkStateOffset(a: SsdScanArgs, bi: i32, chunk: i32, head: i32): usize {
  return <usize>(((bi * chunkCount(a.l) + chunk) * a.h + head) * a.p * a.n) << 2;
}

/**
 * Forward kernel: y = (SSD(x) + D x) · silu(z) [b,l,h,p] and the final state [b,h,p,n]; with
 * `chunkStates` set, also every chunk's start state, which spares the backward kernel recomputing them.
 */
export function ssdScanForward(a: SsdScanArgs): void {
  const l = a.l, h = a.h, p = a.p, n = a.n, g = a.g;
  const headsPerGroup = h / g;
  const d = placeDecays(a.scratch);
  const S = a.scratch + decaysBytes();
  const Bt = S + vectorBytes(n * p);
  const G = Bt + vectorBytes(n * CHUNK);
  const M = G + vectorBytes(CHUNK * CHUNK);
  const Xw = M + vectorBytes(CHUNK * CHUNK);
  const rowStride = h * p; // floats between x_t and x_{t+1} of a head
  const stateBytes = <usize>(p * n) << 2;
  // the state is advanced in place in `state`, or from each chunk's slot of chunkStates into the next's
  const keep = a.chunkStates != 0;
  if (!keep) memory.copy(a.state, a.initialState, <usize>(a.b * h * p * n) << 2);
  for (let bi = 0; bi < a.b; bi++) {
    for (let t0 = 0; t0 < l; t0 += CHUNK) {
      const T = min(CHUNK, l - t0);
      const chunk = t0 / CHUNK;
      for (let group = 0; group < g; group++) {
        const B = a.B + groupOffset(a, bi, t0, group);
        const C = a.C + groupOffset(a, bi, t0, group);
        transpose(B, g * n, T, n, Bt, CHUNK);
        gemm(T, T, n, C, g * n, 1, Bt, CHUNK, G, CHUNK, 0, 0, C_LOWER);
        for (let head = group * headsPerGroup; head < (group + 1) * headsPerGroup; head++) {
          const final = a.state + stateOffset(a, bi, head);
          const H = keep ? a.chunkStates + chunkStateOffset(a, bi, chunk, head) : final;
          if (keep && chunk == 0) memory.copy(H, a.initialState + stateOffset(a, bi, head), stateBytes);
          const next = keep && t0 + CHUNK < l ? a.chunkStates + chunkStateOffset(a, bi, chunk + 1, head) : final;
          const y = a.y + rowOffset(a, bi, t0, head), x = a.x + rowOffset(a, bi, t0, head);
          chunkDecays(a, bi, t0, T, head, d);
          maskedScores(G, M, 0, d, T);
          if (T < SHORT_CHUNK) {
            readOutShort(a, C, H, d, T, y);
          } else {
            transpose(H, n, p, n, S, p);
            gemm(T, p, n, C, g * n, 1, S, p, y, rowStride, d.start, 0, 0);
          }
          gemm(T, p, T, M, CHUNK, 1, x, rowStride, y, rowStride, 0, 1, A_LOWER);
          skipAndGate(a, rowOffset(a, bi, t0, head), T, load<f32>(a.D + (<usize>head << 2)));
          advanceChunk(a, H, next, d, B, x, T, Xw);
        }
      }
    }
  }
}
