import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { AttentionDecodeStep, GeluDecode, Mamba2DecodeStep, RmsNormDecode } from '../../ops/decode-kernel-names.js';
import { hostMemory } from '../host-memory.js';
import { sigmoid, softplus } from './scalar-math.js';

/**
 * The layers' fused decode-step kernels (names and signatures: ops/decode-kernel-names.ts) on the
 * backends whose memory JavaScript addresses, cpu and wasm. A token of generation is a few thousand
 * multiply-adds per layer outside the projections, so one kernel per layer replaces the tens of tf
 * ops (each a dispatch, an allocation and a pass over its operands) that the composite step runs,
 * and updates the caches in place instead of writing a new copy of each per token. The projections
 * stay matmuls (XNNPACK on wasm). Arithmetic in float64, stored as float32.
 */

let scratch = new Float64Array(1024);
/** Shared float64 scratch of at least `length` (kernels run one at a time). */
export function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  return scratch;
}

export interface Named {
  [name: string]: TensorInfo;
}

export interface Mamba2Attrs {
  nheads: number;
  headdim: number;
  dState: number;
  ngroups: number;
  normGroupSize: number;
  eps: number;
}

export interface AttentionAttrs {
  position: number;
  numHeads: number;
  numKvHeads: number;
  ropeBase: number;
}

/**
 * Mamba-2's causal conv for one token, per batch row: (window ‖ x_t) · taps + bias, SiLU, into
 * dst[dOff, dOff + convDim); the window (k−1 rows of convDim, at `win`) shifts by one, x_t last.
 * x_t = zx[xOff, xOff + convDim); weight [convDim, 1, k]; bias [convDim] or empty.
 */
export function convolveStep(
  zx: Float32Array, xOff: number, window: Float32Array, win: number, weight: Float32Array, bias: Float32Array,
  k: number, convDim: number, dst: Float32Array | Float64Array, dOff: number,
): void {
  const km1 = k - 1;
  const hasBias = bias.length > 0;
  for (let c = 0; c < convDim; c++) {
    const xNew = zx[xOff + c] as number;
    let acc = 0;
    for (let j = 0; j < km1; j++) acc += (weight[c * k + j] as number) * (window[win + j * convDim + c] as number);
    acc += (weight[c * k + km1] as number) * xNew;
    if (hasBias) acc += bias[c] as number;
    for (let j = 0; j + 1 < km1; j++) window[win + j * convDim + c] = window[win + (j + 1) * convDim + c] as number;
    if (km1 > 0) window[win + (km1 - 1) * convDim + c] = xNew;
    dst[dOff + c] = acc * sigmoid(acc);
  }
}

/**
 * Mamba-2's RMSNormGated for one batch row: g = y · silu(z), normalised within groups of `groupSize`,
 * times the weight: y = ys[yOff, yOff + d), z = zx[zOff, zOff + d), written to out[oOff, oOff + d).
 */
export function gatedRmsNormStep(
  ys: Float32Array | Float64Array, yOff: number, zx: Float32Array, zOff: number, weight: Float32Array, d: number, groupSize: number,
  eps: number, work: Float64Array, out: Float32Array, oOff: number,
): void {
  for (let i = 0; i < d; i++) {
    const z = zx[zOff + i] as number;
    work[i] = (ys[yOff + i] as number) * z * sigmoid(z);
  }
  for (let start = 0; start < d; start += groupSize) {
    let squares = 0;
    for (let i = start; i < start + groupSize; i++) squares += (work[i] as number) ** 2;
    const scale = 1 / Math.sqrt(squares / groupSize + eps);
    for (let i = start; i < start + groupSize; i++) out[oOff + i] = (work[i] as number) * scale * (weight[i] as number);
  }
}

/** dt = softplus(raw + bias) and the decay exp(−dt·exp(A_log)) of one head. */
export function headDecay(raw: number, dtBias: number, ALog: number): { dt: number; decay: number } {
  const dt = softplus(raw + dtBias);
  return { dt, decay: Math.exp(-dt * Math.exp(ALog)) };
}

/** The views and sizes of a Mamba-2 decode step's inputs, and its output (allocated first). */
export function mamba2Operands(inputs: unknown, backend: unknown, attrs: unknown, allocateMore?: () => void) {
  const memory = hostMemory(backend);
  const named = inputs as Named;
  const a = attrs as Mamba2Attrs;
  const [b, width] = (named.zxbcdt as TensorInfo).shape as [number, number];
  const [, km1, convDim] = (named.convWindow as TensorInfo).shape as [number, number, number];
  const dInner = a.nheads * a.headdim;
  const out = memory.allocate([b, dInner]);
  allocateMore?.();
  // views after every allocation (a wasm heap growth detaches earlier ones)
  const view = (name: string) => memory.view(named[name] as TensorInfo);
  return {
    out, ...a, b, width, k: km1 + 1, convDim, dInner,
    y: memory.view(out), zx: view('zxbcdt'), window: view('convWindow'), weight: view('convWeight'), bias: view('convBias'),
    dtBias: view('dtBias'), ALog: view('ALog'), D: view('D'), normWeight: view('normWeight'), state: view('state'),
  };
}

/** Mamba-2 between in_proj and out_proj: conv window shift + conv + SiLU, SSD state update, gated RMSNorm. */
export const mamba2DecodeStep: KernelFunc = ({ inputs, backend, attrs }) => {
  const o = mamba2Operands(inputs, backend, attrs);
  const { nheads: h, headdim: p, dState: n, ngroups: g, b, width, k, convDim, dInner, zx, state } = o;
  const work = scratchOf(2 * convDim + dInner);
  const ys = convDim; // work[convDim, convDim + dInner): the SSD output; work[convDim + dInner, …): the norm's scratch
  const normWork = work.subarray(convDim + dInner);
  const headsPerGroup = h / g;
  for (let bi = 0; bi < b; bi++) {
    const row = bi * width;
    convolveStep(zx, row + dInner, o.window, bi * (k - 1) * convDim, o.weight, o.bias, k, convDim, work, 0);
    // SSD step per head: x = work[0, dInner), B and C after it
    for (let head = 0; head < h; head++) {
      const { dt, decay } = headDecay(zx[row + dInner + convDim + head] as number, o.dtBias[head] as number, o.ALog[head] as number);
      const group = Math.floor(head / headsPerGroup);
      const bOff = dInner + group * n;
      const cOff = dInner + g * n + group * n;
      const skip = o.D[head] as number;
      for (let r = 0; r < p; r++) {
        const idx = head * p + r;
        const x = work[idx] as number;
        const drive = dt * x;
        const s = ((bi * h + head) * p + r) * n;
        let acc = skip * x;
        for (let j = 0; j < n; j++) {
          const v = decay * (state[s + j] as number) + drive * (work[bOff + j] as number);
          state[s + j] = v;
          acc += v * (work[cOff + j] as number);
        }
        work[ys + idx] = acc;
      }
    }
    gatedRmsNormStep(work, ys, zx, row, o.normWeight, dInner, o.normGroupSize, o.eps, normWork, o.y, bi * dInner);
  }
  return o.out;
};

const inverseFrequencies = new Map<string, Float64Array>();
/** base^(−2i/d) for i < d/2, as `applyRope` computes them. */
export function ropeFrequencies(base: number, d: number): Float64Array {
  const key = `${base}/${d}`;
  let f = inverseFrequencies.get(key);
  if (f === undefined) {
    f = Float64Array.from({ length: d / 2 }, (_, i) => Math.pow(base, (-2 * i) / d));
    inverseFrequencies.set(key, f);
  }
  return f;
}

/** Rotates src[off, off+d) by RoPE at `position` (rotate-half layout) into dst[dOff, dOff+d). */
export function rope(src: ArrayLike<number>, off: number, dst: Float32Array | Float64Array, dOff: number, d: number, position: number, base: number): void {
  const half = d / 2;
  const freq = ropeFrequencies(base, d);
  for (let i = 0; i < half; i++) {
    const theta = Math.fround(position * (freq[i] as number)); // applyRope's angle table is float32
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const x1 = src[off + i] as number;
    const x2 = src[off + half + i] as number;
    dst[dOff + i] = x1 * cos - x2 * sin;
    dst[dOff + half + i] = x2 * cos + x1 * sin;
  }
}

/**
 * work[scores + t] = (q · keys[base + t·hd …]) · scale for t < len, q = work[qOff, qOff + hd); returns
 * the largest. Four keys per pass over q (four independent sums: twice the speed of one key at a time).
 */
function scoreKeys(work: Float64Array, qOff: number, keys: Float32Array, base: number, hd: number, len: number, scale: number, scores: number): number {
  let max = -Infinity;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    const k0 = base + t * hd, k1 = k0 + hd, k2 = k1 + hd, k3 = k2 + hd;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let d = 0; d < hd; d++) {
      const qd = work[qOff + d] as number;
      s0 += qd * (keys[k0 + d] as number);
      s1 += qd * (keys[k1 + d] as number);
      s2 += qd * (keys[k2 + d] as number);
      s3 += qd * (keys[k3 + d] as number);
    }
    s0 *= scale; s1 *= scale; s2 *= scale; s3 *= scale;
    work[scores + t] = s0;
    work[scores + t + 1] = s1;
    work[scores + t + 2] = s2;
    work[scores + t + 3] = s3;
    max = Math.max(max, s0, s1, s2, s3);
  }
  for (; t < len; t++) {
    const kt = base + t * hd;
    let s = 0;
    for (let d = 0; d < hd; d++) s += (work[qOff + d] as number) * (keys[kt + d] as number);
    s *= scale;
    work[scores + t] = s;
    if (s > max) max = s;
  }
  return max;
}

/** work[acc, acc + hd) = Σ_t work[weights + t] · values[base + t·hd …], four values per pass over the sums. */
function weighValues(work: Float64Array, weights: number, values: Float32Array, base: number, hd: number, len: number, acc: number): void {
  for (let d = 0; d < hd; d++) work[acc + d] = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    const w0 = work[weights + t] as number, w1 = work[weights + t + 1] as number;
    const w2 = work[weights + t + 2] as number, w3 = work[weights + t + 3] as number;
    const v0 = base + t * hd, v1 = v0 + hd, v2 = v1 + hd, v3 = v2 + hd;
    for (let d = 0; d < hd; d++) {
      work[acc + d] = (work[acc + d] as number) +
        w0 * (values[v0 + d] as number) + w1 * (values[v1 + d] as number) + w2 * (values[v2 + d] as number) + w3 * (values[v3 + d] as number);
    }
  }
  for (; t < len; t++) {
    const w = work[weights + t] as number;
    const vt = base + t * hd;
    for (let d = 0; d < hd; d++) work[acc + d] = (work[acc + d] as number) + w * (values[vt + d] as number);
  }
}

/**
 * Single-query causal attention over a KV cache: writes the token's key (RoPE'd) and value at
 * `position`, then per query head one pass over the keys for the scores and one over the values.
 */
export const attentionDecodeStep: KernelFunc = ({ inputs, backend, attrs }) => {
  const memory = hostMemory(backend);
  const named = inputs as unknown as Named;
  const { position, numHeads: h, numKvHeads: kvh, ropeBase } = attrs as unknown as AttentionAttrs;
  const [b, width] = (named.qkv as TensorInfo).shape as [number, number];
  const [, , capacity, hd] = (named.keys as TensorInfo).shape as [number, number, number, number];
  if (position >= capacity) throw new Error(`${AttentionDecodeStep}: position ${position} is past the cache's capacity ${capacity}`);
  const out = memory.allocate([b, h * hd]);
  const result = memory.view(out);
  const qkv = memory.view(named.qkv as TensorInfo);
  const keys = memory.view(named.keys as TensorInfo);
  const values = memory.view(named.values as TensorInfo);
  const len = position + 1;
  const work = scratchOf(h * hd + len + hd);
  const q = 0; // work[0, h·hd): the rotated queries
  const scores = h * hd; // work[h·hd, h·hd + len)
  const acc = h * hd + len; // work[…, + hd)
  const scale = 1 / Math.sqrt(hd);
  const group = h / kvh;
  for (let bi = 0; bi < b; bi++) {
    const row = bi * width;
    const kIn = row + h * hd;
    const vIn = kIn + kvh * hd;
    for (let head = 0; head < kvh; head++) {
      const slot = ((bi * kvh + head) * capacity + position) * hd;
      if (ropeBase > 0) rope(qkv, kIn + head * hd, keys, slot, hd, position, ropeBase);
      else for (let d = 0; d < hd; d++) keys[slot + d] = qkv[kIn + head * hd + d] as number;
      for (let d = 0; d < hd; d++) values[slot + d] = qkv[vIn + head * hd + d] as number;
    }
    for (let head = 0; head < h; head++) {
      if (ropeBase > 0) rope(qkv, row + head * hd, work, q + head * hd, hd, position, ropeBase);
      else for (let d = 0; d < hd; d++) work[q + head * hd + d] = qkv[row + head * hd + d] as number;
    }
    for (let head = 0; head < h; head++) {
      const base = (bi * kvh + Math.floor(head / group)) * capacity * hd;
      const max = scoreKeys(work, q + head * hd, keys, base, hd, len, scale, scores);
      let sum = 0;
      for (let t = 0; t < len; t++) {
        const e = Math.exp((work[scores + t] as number) - max);
        work[scores + t] = e;
        sum += e;
      }
      weighValues(work, scores, values, base, hd, len, acc);
      const o = bi * h * hd + head * hd;
      for (let d = 0; d < hd; d++) result[o + d] = (work[acc + d] as number) / sum;
    }
  }
  return out;
};

/** RMSNorm over the last axis of x [rows, d]: x / √(mean(x²) + eps) · weight. */
const rmsNorm: KernelFunc = ({ inputs, backend, attrs }) => {
  const memory = hostMemory(backend);
  const named = inputs as unknown as Named;
  const { eps } = attrs as unknown as { eps: number };
  const shape = (named.x as TensorInfo).shape;
  const d = shape[shape.length - 1] as number;
  const out = memory.allocate([...shape]);
  const y = memory.view(out);
  const x = memory.view(named.x as TensorInfo);
  const w = memory.view(named.weight as TensorInfo);
  for (let start = 0; start < x.length; start += d) {
    let squares = 0;
    for (let i = start; i < start + d; i++) squares += (x[i] as number) ** 2;
    const scale = 1 / Math.sqrt(squares / d + eps);
    for (let i = 0; i < d; i++) y[start + i] = (x[start + i] as number) * scale * (w[i] as number);
  }
  return out;
};

/**
 * erfc to a relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit, `erfcc`), so that
 * GELU's left tail, x·erfc(−x/√2)/2, keeps its relative precision.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** The exact GELU x·Φ(x) = x·erfc(−x/√2)/2, elementwise. */
const gelu: KernelFunc = ({ inputs, backend }) => {
  const memory = hostMemory(backend);
  const info = (inputs as unknown as Named).x as TensorInfo;
  const out = memory.allocate([...info.shape]);
  const y = memory.view(out);
  const x = memory.view(info);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    y[i] = 0.5 * v * erfc(-v * Math.SQRT1_2);
  }
  return out;
};

/** Registers the decode-step kernels for cpu and wasm (forward only). */
export function registerDecodeStepKernels(backendNames: readonly string[] = ['cpu', 'wasm']): void {
  for (const backendName of backendNames) {
    for (const [kernelName, kernelFunc] of [[Mamba2DecodeStep, mamba2DecodeStep], [AttentionDecodeStep, attentionDecodeStep], [RmsNormDecode, rmsNorm], [GeluDecode, gelu]] as const) {
      if (tf.getKernel(kernelName, backendName) === undefined) tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}
