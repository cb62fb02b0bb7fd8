import { SsdScanArgs } from './kernel-args';
import { CHUNK, Decays, chunkCount, chunkDecays, decaysBytes, groupOffset, maskedScores, placeDecays, rowOffset, scaleRows, sigmoidScalar, stateOffset, transpose, vectorBytes } from './ssd-chunk';
import { A_LOWER, A_UPPER, C_LOWER, gemm } from './ssd-matmul';
import { advanceChunk, chunkStateOffset } from './ssd-scan-forward';
import { sigmoid4, sumLanes } from './simd-math';

// The backward pass of the chunked SSD algorithm (ssd-scan-forward.ts) in matrix products. The chunks run
// last to first, per head with its start state H [p,n] (recomputed, below) and dS = (dL/dH')ᵀ [n,p] at the
// chunk's end, dy the cotangent of the pre-gate output:
//   intra:  dx = Mᵀ dy,  dM = dy xᵀ,  and from M = G ∘ E ∘ dt: dG += dM ∘ E ∘ dt (summed over the group's
//           heads, then dC += dG B, dB += dGᵀ C once per group), d dt, and d a from the segment sums;
//   inter:  with dỹ = exp(cum) ∘ dy: R = dỹ H, dC += R, d cum_t += R_t·C_t, dS_start += Cᵀ dỹ;
//   state:  (H' = exp(cum_{T−1}) H + Xwᵀ B, Xw = w dt ∘ x) dXw = B dS, dB += (w dt) ∘ (x dSᵀ),
//           dx += w dt ∘ dXw, d(w dt) = dXw·x, d decay = ⟨dSᵀ, H⟩, dS_start += exp(cum_{T−1}) dS;
// then d a (a_u = dt_u A) = reverse cumsum of d cum + the segment-sum terms, d dt += A d a,
// dA += Σ dt d a, and through the softplus.
//
// The chunks' start states come from the forward (its chunkStates output) when the caller kept them;
// otherwise they are recomputed (one product per head and chunk) and kept for a segment of up to SEGMENT
// chunks at a time; longer sequences first store each segment's start state (one more product per
// chunk), so that the scratch grows as chunks/SEGMENT + SEGMENT states per head, not with l.

/** Chunks per segment: up to 1024 steps keep every chunk's start state and recompute the states once. */
const SEGMENT: i32 = 32;

@inline
function segmentLength(l: i32): i32 {
  return min(chunkCount(l), SEGMENT);
}

@inline
function segmentCount(l: i32): i32 {
  return (chunkCount(l) + SEGMENT - 1) / SEGMENT;
}

/**
 * Scratch of the backward kernel: its pointers, the decays, the start states [p,n] of every segment and
 * of the current segment's chunks (per head), h state gradients [n,p], Bᵀ, five [CHUNK,CHUNK] matrices,
 * four vectors, two [p,n], four [CHUNK,p], one [p,CHUNK] and one [CHUNK,n] arrays.
 */
export function ssdScanBackwardScratchBytes(l: i32, h: i32, p: i32, n: i32): usize {
  return vectorBytes(<i32>(offsetof<Work>() >> 2)) + decaysBytes() + vectorBytes((segmentCount(l) + segmentLength(l)) * h * n * p) +
    vectorBytes(h * n * p) + vectorBytes(n * CHUNK) + 5 * vectorBytes(CHUNK * CHUNK) + 4 * vectorBytes(CHUNK) + 2 * vectorBytes(p * n) +
    4 * vectorBytes(CHUNK * p) + vectorBytes(p * CHUNK) + vectorBytes(CHUNK * n);
}

@inline
function addTo(array: usize, index: i32, value: f32): void {
  const at = array + (<usize>index << 2);
  store<f32>(at, load<f32>(at) + value);
}

@inline
function at(vector: usize, i: i32): f32 {
  return load<f32>(vector + (<usize>i << 2));
}

/** Σ u ⊙ v over `count` floats (a multiple of 4). */
function dot(u: usize, v: usize, count: i32): f32 {
  let sum = f32x4.splat(0);
  for (let o: usize = 0; o < (<usize>count << 2); o += 16) sum = f32x4.add(sum, f32x4.mul(v128.load(u + o), v128.load(v + o)));
  return sumLanes(sum);
}

/** Per-call pointers into scratch. */
@unmanaged
class Work {
  d: Decays;
  checkpoints: usize;
  states: usize;
  dStates: usize;
  Bt: usize;
  G: usize;
  dG: usize;
  M: usize;
  E: usize;
  dM: usize;
  dcum: usize;
  da: usize;
  ddt: usize;
  q: usize;
  S: usize;
  dH: usize;
  dYs: usize;
  dYe: usize;
  dXw: usize;
  pre: usize;
  xT: usize;
  R: usize;
}

function placeWork(a: SsdScanArgs): Work {
  const p = a.p, n = a.n;
  let o = a.scratch;
  const w = changetype<Work>(o);
  o += vectorBytes(<i32>(offsetof<Work>() >> 2));
  w.d = placeDecays(o);
  o += decaysBytes();
  w.checkpoints = o; o += <usize>(segmentCount(a.l) * a.h * n * p) << 2;
  w.states = o; o += vectorBytes(segmentLength(a.l) * a.h * n * p);
  w.dStates = o; o += vectorBytes(a.h * n * p);
  w.Bt = o; o += vectorBytes(n * CHUNK);
  w.G = o; o += vectorBytes(CHUNK * CHUNK);
  w.dG = o; o += vectorBytes(CHUNK * CHUNK);
  w.M = o; o += vectorBytes(CHUNK * CHUNK);
  w.E = o; o += vectorBytes(CHUNK * CHUNK);
  w.dM = o; o += vectorBytes(CHUNK * CHUNK);
  w.dcum = o; o += vectorBytes(CHUNK);
  w.da = o; o += vectorBytes(CHUNK);
  w.ddt = o; o += vectorBytes(CHUNK);
  w.q = o; o += vectorBytes(CHUNK);
  w.S = o; o += vectorBytes(p * n);
  w.dH = o; o += vectorBytes(p * n);
  w.dYs = o; o += vectorBytes(CHUNK * p);
  w.dYe = o; o += vectorBytes(CHUNK * p);
  w.dXw = o; o += vectorBytes(CHUNK * p);
  w.pre = o; o += vectorBytes(CHUNK * p);
  w.xT = o; o += vectorBytes(p * CHUNK);
  w.R = o;
  return w;
}

/**
 * Through the masked scores of one head: from dM (rows s ≤ t), dG += dM ∘ E ∘ dt and d dt_s += Σ_t dM E G.
 * With Q = dM ∘ M, the decays a_u (E[t,s] = exp(a_{s+1} + … + a_t)) get d a_u += Σ_{t ≥ u > s} Q[t,s]: summed
 * over that rectangle directly (row prefixes), not as Σ_s Q[t,s] − Σ_t Q[t,s] per cum_t, whose terms cancel
 * (badly in float32 when the decays are strong).
 */
function scoreGradients(w: Work, T: i32): void {
  const rowBytes = <usize>CHUNK << 2;
  const dt = w.d.dt;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * rowBytes;
    let s = 0;
    for (; s + 3 <= t; s += 4) {
      const o = <usize>s << 2;
      const pe = f32x4.mul(v128.load(w.dM + row + o), v128.load(w.E + row + o));
      const dts = v128.load(dt + o);
      v128.store(w.dG + row + o, f32x4.add(v128.load(w.dG + row + o), f32x4.mul(pe, dts)));
      const pg = f32x4.mul(pe, v128.load(w.G + row + o));
      v128.store(w.ddt + o, f32x4.add(v128.load(w.ddt + o), pg));
      v128.store(w.q + o, f32x4.mul(pg, dts));
    }
    for (; s <= t; s++) {
      const o = <usize>s << 2;
      const pe = load<f32>(w.dM + row + o) * load<f32>(w.E + row + o);
      const dts = load<f32>(dt + o);
      store<f32>(w.dG + row + o, load<f32>(w.dG + row + o) + pe * dts);
      const pg = pe * load<f32>(w.G + row + o);
      addTo(w.ddt, s, pg);
      store<f32>(w.q + o, pg * dts);
    }
    // d a_u += Σ_{s<u} Q[t,s] for 0 < u ≤ t
    let prefix: f32 = 0;
    for (let u = 1; u <= t; u++) {
      prefix += at(w.q, u - 1);
      addTo(w.da, u, prefix);
    }
  }
}

/** The adjoint of one head's chunk t0..t0+T−1 from its start state H (see the file's comment); dS[head] goes from the chunk's end to its start. */
function headChunk(a: SsdScanArgs, w: Work, bi: i32, t0: i32, T: i32, head: i32, H: usize, B: usize, C: usize): void {
  const h = a.h, p = a.p, n = a.n, g = a.g;
  const d = w.d;
  const stateBytes = <usize>(n * p) << 2;
  const dS = w.dStates + <usize>head * stateBytes;
  const row = rowOffset(a, bi, t0, head);
  const x = a.x + row, dx = a.dx + row;
  const rowStride = h * p;
  const D = load<f32>(a.D + (<usize>head << 2));
  const A = load<f32>(a.A + (<usize>head << 2));
  chunkDecays(a, bi, t0, T, head, d);
  maskedScores(w.G, w.M, w.E, d, T);
  memory.fill(w.dcum, 0, vectorBytes(CHUNK));
  memory.fill(w.da, 0, vectorBytes(CHUNK));
  memory.fill(w.ddt, 0, vectorBytes(CHUNK));

  // the cotangent of the pre-gate output (through the gate, recomputing the output if gated)
  let dY = a.dy + row;
  let dYStride = rowStride;
  if (a.gated != 0) {
    const pre = w.pre;
    transpose(H, n, p, n, w.S, p);
    gemm(T, p, n, C, g * n, 1, w.S, p, pre, p, d.start, 0, 0);
    gemm(T, p, T, w.M, CHUNK, 1, x, rowStride, pre, p, 0, 1, A_LOWER);
    throughGate(a, row, pre, w.dYs, T, D);
    dY = w.dYs;
    dYStride = p;
  }

  // intra-chunk: dx = Mᵀ dy, dM = dy xᵀ, then through M = G ∘ E ∘ dt
  gemm(T, p, T, w.M, 1, CHUNK, dY, dYStride, dx, rowStride, 0, 0, A_UPPER);
  transpose(x, rowStride, T, p, w.xT, CHUNK);
  gemm(T, T, p, dY, dYStride, 1, w.xT, CHUNK, w.dM, CHUNK, 0, 0, C_LOWER);
  scoreGradients(w, T);

  // inter-chunk read-out y += exp(cum) C S: dỹ = exp(cum) dy, R = dỹ H (dC), d cum_t += R_t·C_t
  scaleRows(dY, dYStride, d.start, T, p, w.dYe, p);
  gemm(T, n, p, w.dYe, p, 1, H, n, w.R, n, 0, 0, 0);
  const dC = a.dC + (C - a.C);
  for (let t = 0; t < T; t++) {
    const r = w.R + (<usize>(t * n) << 2), c = C + (<usize>(t * g * n) << 2), dc = dC + (<usize>(t * g * n) << 2);
    let sum = f32x4.splat(0);
    for (let o: usize = 0; o < (<usize>n << 2); o += 16) {
      const rv = v128.load(r + o);
      sum = f32x4.add(sum, f32x4.mul(rv, v128.load(c + o)));
      v128.store(dc + o, f32x4.add(v128.load(dc + o), rv));
    }
    addTo(w.dcum, t, sumLanes(sum));
  }

  // the chunk-end state S' = exp(cum_{T−1}) S + Bᵀ (w dt ∘ x), with dS = dL/dS'
  gemm(T, p, n, B, g * n, 1, dS, p, w.dXw, p, 0, 0, 0);
  transpose(dS, p, n, p, w.dH, n);
  gemm(T, n, p, x, rowStride, 1, w.dH, n, a.dB + (B - a.B), g * n, d.coef, 1, 0);
  let dwBefore: f32 = 0; // Σ_{s<t} dw_s
  const Ds = f32x4.splat(D);
  let dD4 = f32x4.splat(0);
  let dD: f32 = 0;
  for (let t = 0; t < T; t++) {
    const c = at(d.coef, t);
    const cs = f32x4.splat(c);
    const o = <usize>(t * rowStride) << 2;
    const xt = x + o, dxt = dx + o;
    const xw = w.dXw + (<usize>(t * p) << 2), dy = dY + (<usize>(t * dYStride) << 2);
    let dCoef4 = f32x4.splat(0);
    let dCoef: f32 = 0;
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      const oj = <usize>j << 2;
      const v = v128.load(xw + oj), xv = v128.load(xt + oj), dyv = v128.load(dy + oj);
      dCoef4 = f32x4.add(dCoef4, f32x4.mul(v, xv));
      dD4 = f32x4.add(dD4, f32x4.mul(dyv, xv));
      v128.store(dxt + oj, f32x4.add(v128.load(dxt + oj), f32x4.add(f32x4.mul(cs, v), f32x4.mul(Ds, dyv))));
    }
    for (; j < p; j++) {
      const oj = <usize>j << 2;
      const v = load<f32>(xw + oj), xv = load<f32>(xt + oj), dyv = load<f32>(dy + oj);
      dCoef += v * xv;
      dD += dyv * xv;
      store<f32>(dxt + oj, load<f32>(dxt + oj) + c * v + D * dyv);
    }
    dCoef += sumLanes(dCoef4);
    // coef = w dt, w = exp(cum_{T−1} − cum_t)
    addTo(w.ddt, t, at(d.end, t) * dCoef);
    // log w_s = a_{s+1} + … + a_{T−1}: d a_u += Σ_{s<u} dw_s, dw_s = w_s dt_s dCoef_s (the gradient of log w_s)
    addTo(w.da, t, dwBefore);
    dwBefore += c * dCoef;
  }
  // exp(cum_{T−1}), the decay of the whole chunk: every a_u
  addTo(w.dcum, T - 1, d.total * dot(w.dH, H, p * n));
  addTo(a.dD, head, dD + sumLanes(dD4));

  // dS_start = exp(cum_{T−1}) dS + Cᵀ dỹ
  gemm(n, p, T, C, 1, g * n, w.dYe, p, dS, p, 0, d.total, 0);

  // d a = reverse cumsum of d cum (the terms through exp(cum_t), every one of the same sign as its
  // cotangent, no cancellation) + the rectangle sums above, in place; the lanes past T stay 0; then
  // a = dt A, and through the softplus
  let da: f32 = 0;
  for (let t = T - 1; t >= 0; t--) {
    da += at(w.dcum, t);
    store<f32>(w.dcum + (<usize>t << 2), da + at(w.da, t));
  }
  const As = f32x4.splat(A);
  let dA4 = f32x4.splat(0), dBias4 = f32x4.splat(0);
  const softplusOn = a.dtSoftplus != 0;
  for (let o: usize = 0; o < (<usize>((T + 3) & ~3) << 2); o += 16) {
    const da4 = v128.load(w.dcum + o);
    dA4 = f32x4.add(dA4, f32x4.mul(da4, v128.load(d.dt + o)));
    const ddt = f32x4.add(v128.load(w.ddt + o), f32x4.mul(da4, As));
    const dRaw = softplusOn ? f32x4.mul(ddt, sigmoid4(v128.load(d.raw + o))) : ddt;
    v128.store(w.ddt + o, dRaw);
    dBias4 = f32x4.add(dBias4, dRaw);
  }
  for (let t = 0; t < T; t++) store<f32>(a.ddt + (<usize>((bi * a.l + t0 + t) * h + head) << 2), at(w.ddt, t));
  addTo(a.dA, head, sumLanes(dA4));
  addTo(a.ddtBias, head, sumLanes(dBias4));
}

/** Through the gate out = pre · silu(z), pre = y + D x: dz, and the cotangent of y into `dYs` [T,p]. */
function throughGate(a: SsdScanArgs, row: usize, pre: usize, dYs: usize, T: i32, D: f32): void {
  const p = a.p;
  const rowBytes = <usize>(a.h * p) << 2;
  const Ds = f32x4.splat(D);
  const one = f32x4.splat(1);
  for (let t = 0; t < T; t++) {
    const o = row + <usize>t * rowBytes;
    const z = a.z + o, dy = a.dy + o, x = a.x + o, dz = a.dz + o;
    const y = pre + (<usize>(t * p) << 2), dys = dYs + (<usize>(t * p) << 2);
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      const oj = <usize>j << 2;
      const zv = v128.load(z + oj);
      const s = sigmoid4(zv);
      const dyv = v128.load(dy + oj);
      const yv = f32x4.add(v128.load(y + oj), f32x4.mul(Ds, v128.load(x + oj)));
      // d silu(z)/dz = σ(z)(1 + z(1 − σ(z)))
      v128.store(dz + oj, f32x4.mul(f32x4.mul(dyv, yv), f32x4.mul(s, f32x4.add(one, f32x4.mul(zv, f32x4.sub(one, s))))));
      v128.store(dys + oj, f32x4.mul(dyv, f32x4.mul(zv, s)));
    }
    for (; j < p; j++) {
      const oj = <usize>j << 2;
      const zv = load<f32>(z + oj);
      const s = sigmoidScalar(zv);
      const dyv = load<f32>(dy + oj);
      const yv = load<f32>(y + oj) + D * load<f32>(x + oj);
      store<f32>(dz + oj, dyv * yv * s * (1 + zv * (1 - s)));
      store<f32>(dys + oj, dyv * zv * s);
    }
  }
}

/** The start states of chunk + 1 from those of chunk (all heads of batch item bi, [h,p,n] each). */
function advanceHeads(a: SsdScanArgs, w: Work, bi: i32, chunk: i32, from: usize, to: usize): void {
  const h = a.h, p = a.p, n = a.n;
  const stateBytes = <usize>(n * p) << 2;
  const t0 = chunk * CHUNK;
  memory.copy(to, from, <usize>h * stateBytes);
  for (let head = 0; head < h; head++) {
    chunkDecays(a, bi, t0, CHUNK, head, w.d);
    const H = to + <usize>head * stateBytes;
    advanceChunk(a, H, H, w.d, a.B + groupOffset(a, bi, t0, head / (h / a.g)), a.x + rowOffset(a, bi, t0, head), CHUNK, w.dXw);
  }
}

/** The adjoint of chunk `chunk` of batch item bi, all groups and heads, from its heads' start states `states` [h,p,n]. */
function backwardChunk(a: SsdScanArgs, w: Work, bi: i32, chunk: i32, states: usize): void {
  const g = a.g, n = a.n;
  const headsPerGroup = a.h / g;
  const stateBytes = <usize>(n * a.p) << 2;
  const t0 = chunk * CHUNK;
  const T = min(CHUNK, a.l - t0);
  for (let group = 0; group < g; group++) {
    const B = a.B + groupOffset(a, bi, t0, group);
    const C = a.C + groupOffset(a, bi, t0, group);
    transpose(B, g * n, T, n, w.Bt, CHUNK);
    gemm(T, T, n, C, g * n, 1, w.Bt, CHUNK, w.G, CHUNK, 0, 0, C_LOWER);
    memory.fill(w.dG, 0, vectorBytes(CHUNK * CHUNK));
    for (let head = group * headsPerGroup; head < (group + 1) * headsPerGroup; head++) {
      headChunk(a, w, bi, t0, T, head, states + <usize>head * stateBytes, B, C);
    }
    // G = C Bᵀ: dC += dG B, dB += dGᵀ C
    gemm(T, n, T, w.dG, CHUNK, 1, B, g * n, a.dC + (C - a.C), g * n, 0, 1, A_LOWER);
    gemm(T, n, T, w.dG, 1, CHUNK, C, g * n, a.dB + (B - a.B), g * n, 0, 1, A_UPPER);
  }
}

/** The chunks of batch item bi, last first, with their start states recomputed a segment at a time (no chunkStates from the forward). */
function recomputingChunks(a: SsdScanArgs, w: Work, bi: i32): void {
  const headStates = <usize>(a.h * a.n * a.p) << 2;
  const chunks = chunkCount(a.l);
  const segment = segmentLength(a.l);
  // every segment's start state (H [p,n], the layout of the inputs)
  memory.copy(w.checkpoints, a.initialState + stateOffset(a, bi, 0), headStates);
  const lastStart = ((chunks - 1) / segment) * segment;
  for (let chunk = 0; chunk < lastStart; chunk++) {
    const at = w.checkpoints + <usize>(chunk / segment) * headStates;
    advanceHeads(a, w, bi, chunk, chunk % segment == 0 ? at : w.states, (chunk + 1) % segment == 0 ? at + headStates : w.states);
  }
  // the segments, last first: their chunks' start states, then the chunks, last first
  for (let c0 = lastStart; c0 >= 0; c0 -= segment) {
    const c1 = min(chunks, c0 + segment);
    memory.copy(w.states, w.checkpoints + <usize>(c0 / segment) * headStates, headStates);
    for (let chunk = c0; chunk + 1 < c1; chunk++) {
      const from = w.states + <usize>(chunk - c0) * headStates;
      advanceHeads(a, w, bi, chunk, from, from + headStates);
    }
    for (let chunk = c1 - 1; chunk >= c0; chunk--) backwardChunk(a, w, bi, chunk, w.states + <usize>(chunk - c0) * headStates);
  }
}

/**
 * Backward kernel: every gradient, in full (the accumulated ones are zeroed first). The chunks' start
 * states come from the forward's chunkStates when the call has them, else they are recomputed.
 */
export function ssdScanBackward(a: SsdScanArgs): void {
  const l = a.l, h = a.h, p = a.p, n = a.n, g = a.g;
  const w = placeWork(a);
  const stateBytes = <usize>(n * p) << 2;
  const groupRows = <usize>(a.b * l * g * n) << 2;
  memory.fill(a.dB, 0, groupRows);
  memory.fill(a.dC, 0, groupRows);
  memory.fill(a.dA, 0, <usize>h << 2);
  memory.fill(a.dD, 0, <usize>h << 2);
  memory.fill(a.ddtBias, 0, <usize>h << 2);
  for (let bi = 0; bi < a.b; bi++) {
    // dS = (dL/dH)ᵀ [n,p] at the end
    for (let head = 0; head < h; head++) transpose(a.dstate + stateOffset(a, bi, head), n, p, n, w.dStates + <usize>head * stateBytes, p);
    if (a.chunkStates != 0) {
      for (let chunk = chunkCount(l) - 1; chunk >= 0; chunk--) backwardChunk(a, w, bi, chunk, a.chunkStates + chunkStateOffset(a, bi, chunk, 0));
    } else {
      recomputingChunks(a, w, bi);
    }
    for (let head = 0; head < h; head++) transpose(w.dStates + <usize>head * stateBytes, p, n, p, a.dinitialState + stateOffset(a, bi, head), n);
  }
}
