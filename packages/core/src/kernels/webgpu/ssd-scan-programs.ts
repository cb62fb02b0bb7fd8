import { intUniforms } from './gpu-backend.js';
import type { GpuProgram } from './gpu-backend.js';
import { BACKWARD_WORKGROUP_INDEX, FORWARD_WORKGROUP, backwardSnippet, mathSnippet } from './wgsl-common.js';

/**
 * WGSL programs of ssdScan (Mamba-2 SSD), the selective scan with one scalar A per head:
 *   dt = softplus(dt + dtBias);  H_t = e^{dt A} H_{t−1} + dt x_t ⊗ B_t;  y_t = (H_t C_t + D x_t) silu(z_t)
 * A thread owns one row p of a head's [p,n] state, h[n] in private memory.
 *
 * Bindings (at most 8 storage buffers per program, output included), packed by the kernel: x, z
 * [b,l,h,p] (z is x when not gated: then never read); dtIn [b,l,h]; bc [b,l,g,2n] = B ‖ C along the
 * last axis; params [3,h] = A, D, dtBias; forward: h0 [b,h,p,n]; backward: states [b,h,p,2n] =
 * initialState ‖ dstate, and dy [b,l,h,p]. n is a compile-time constant.
 */

export interface SsdFlags {
  n: number;
  softplus: boolean;
  gated: boolean;
}

export interface SsdDims {
  b: number;
  l: number;
  h: number;
  p: number;
  g: number;
  n: number;
}

const FORWARD_UNIFORMS = ['b', 'l', 'h', 'p', 'g'] as const;

/** Forward: one thread per (batch, head, row p). Output: y [b,l,h,p] then the state [b,h,p,n], flat. */
export function ssdForwardProgram(dims: SsdDims, flags: SsdFlags): GpuProgram {
  const { b, l, h, p, n } = dims;
  const { softplus, gated } = flags;
  const threads = b * h * p;
  return {
    outputShape: [b * l * h * p + threads * n],
    shaderKey: `hybridssm_ssd_fwd_${n}_${softplus}_${gated}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(threads / FORWARD_WORKGROUP), 1, 1],
    workgroupSize: [FORWARD_WORKGROUP, 1, 1],
    variableNames: ['x', 'dtIn', 'z', 'bc', 'params', 'h0'],
    uniforms: intUniforms(FORWARD_UNIFORMS),
    getUserCode: () => `
  const N = ${n};
  ${mathSnippet(softplus)}
  fn main(index : i32) {
    ${gated ? '' : '_ = z[0]; // bound but unused: keep it in the pipeline layout'}
    let L = uniforms.l;
    let H = uniforms.h;
    let P = uniforms.p;
    if (index >= uniforms.b * H * P) { return; }
    let bh = index / P;
    let pe = index - bh * P;
    let bi = bh / H;
    let head = bh - bi * H;
    let group = head / (H / uniforms.g);
    let A = params[head];
    let skip = params[H + head];
    let bias = params[2 * H + head];
    var state : array<f32, N>;
    for (var j = 0; j < N; j++) { state[j] = h0[index * N + j]; }
    for (var t = 0; t < L; t++) {
      let hd = (bi * L + t) * H + head;
      let xi = hd * P + pe;
      let dt = discretize(dtIn[hd] + bias);
      let decay = exp(dt * A);
      let xv = x[xi];
      let drive = dt * xv;
      let row = ((bi * L + t) * uniforms.g + group) * 2 * N;
      var acc = skip * xv;
      for (var j = 0; j < N; j++) {
        let hj = decay * state[j] + drive * bc[row + j];
        state[j] = hj;
        acc += hj * bc[row + N + j];
      }
      result[xi] = ${gated ? 'acc * silu(z[xi])' : 'acc'};
    }
    let stateOut = uniforms.b * L * H * P + index * N;
    for (var j = 0; j < N; j++) { result[stateOut + j] = state[j]; }
  }
`,
  };
}

/** Where each gradient lies in the backward program's flat output (offsets in floats). */
export interface SsdBackwardLayout {
  workgroup: number;
  blocks: number;
  chunk: number;
  chunks: number;
  threads: number;
  oDx: number;
  /** per-row partials of d(dt + dtBias), [b, l, h, p]: dt multiplies every row of the head's state */
  oDdt: number;
  oDz: number;
  /** per-block partial sums of dB ‖ dC, [b, l, g, blocks, 2n] */
  oDbc: number;
  /** per-(batch, row) partials of dA, dD, dDtBias, [b, h, p, 3] */
  oDpar: number;
  oDh0: number;
  oScratch: number;
  total: number;
}

export function ssdBackwardLayout(dims: SsdDims, gated: boolean, workgroup: number, chunking: { chunk: number; chunks: number }): SsdBackwardLayout {
  const { b, l, h, p, g, n } = dims;
  const blocks = Math.ceil((h / g) * p / workgroup);
  const threads = b * g * blocks * workgroup;
  const sizes = {
    oDx: b * l * h * p,
    oDdt: b * l * h * p,
    oDz: gated ? b * l * h * p : 0,
    oDbc: b * l * g * blocks * 2 * n,
    oDpar: b * h * p * 3,
    oDh0: b * h * p * n,
    oScratch: threads * (chunking.chunks + chunking.chunk) * n,
  };
  let offset = 0;
  const offsets = {} as Record<keyof typeof sizes, number>;
  for (const [name, size] of Object.entries(sizes) as Array<[keyof typeof sizes, number]>) {
    offsets[name] = offset;
    offset += size;
  }
  return { workgroup, blocks, ...chunking, threads, ...offsets, total: offset };
}

const BACKWARD_UNIFORMS = [
  'b', 'l', 'h', 'p', 'g', 'blocks', 'chunk', 'chunks', 'threads',
  'oDx', 'oDdt', 'oDz', 'oDbc', 'oDpar', 'oDh0', 'oScratch',
] as const;

/** The backward program's uniform values, in declaration order. */
export function ssdBackwardUniforms(dims: SsdDims, layout: SsdBackwardLayout): number[] {
  const values: Record<string, number> = { ...dims, ...layout };
  return BACKWARD_UNIFORMS.map((name) => values[name] as number);
}

/**
 * Backward: a workgroup per (batch, group, block of WG consecutive rows of the group's heads), a thread
 * per (head, row p) lane; lanes past the group's end compute a copy of its last lane and contribute
 * zeros, so that barriers stay in uniform control flow. Per thread: checkpoint pass, then per chunk
 * (last first) recompute H_t into scratch and run the adjoint from t = end−1 down to start:
 *   ḡ = dH_t + dy'_t C_t,  dC_t += dy'_t H_t,  dB_t += ḡ dt x_t,  dx_t = dy'_t D + dt ḡ·B_t,
 *   d decay = ḡ·H_{t−1},  d dt = d decay · A e^{dt A} + x_t ḡ·B_t,  dA += d decay · dt e^{dt A},
 *   dH_{t−1} = e^{dt A} ḡ.
 * dB_t, dC_t sum over the group's heads and rows: reduced on chip per step into [b,l,g,blocks,2n]
 * partials. d dt sums over the head's rows: written per row and summed afterwards, as are dA, dD, dDtBias.
 */
export function ssdBackwardProgram(layout: SsdBackwardLayout, dims: SsdDims, flags: SsdFlags): GpuProgram {
  const { n, softplus, gated } = flags;
  const { workgroup: wg, blocks } = layout;
  return {
    outputShape: [layout.total],
    shaderKey: `hybridssm_ssd_bwd_${n}_${softplus}_${gated}_${wg}`,
    dispatchLayout: { x: [0] },
    dispatch: [dims.b * dims.g * blocks, 1, 1],
    workgroupSize: [wg, 1, 1],
    variableNames: ['x', 'dtIn', 'z', 'bc', 'params', 'states', 'dy'],
    uniforms: intUniforms(BACKWARD_UNIFORMS),
    getUserCode: () => `
  const N = ${n};
  ${mathSnippet(softplus)}
  ${backwardSnippet(wg)}

  fn main(index : i32) {
    ${gated ? '' : '_ = z[0]; // bound but unused: keep it in the pipeline layout'}
    let L = uniforms.l;
    let H = uniforms.h;
    let P = uniforms.p;
    let G = uniforms.g;
    let lanes = (H / G) * P;
    ${BACKWARD_WORKGROUP_INDEX}
    let real = lane < lanes && owned;
    let laneInGroup = min(lane, lanes - 1);
    let head = group * (H / G) + laneInGroup / P;
    let pe = laneInGroup % P;
    let tid = wgIndex * WG + i32(localIndex);
    let row0 = (bi * H + head) * P + pe; // this thread's row of the [b,h,p,n] states

    let A = params[head];
    let skip = params[H + head];
    let bias = params[2 * H + head];
    var state : array<f32, N>;
    var dh : array<f32, N>;
    for (var j = 0; j < N; j++) {
      state[j] = states[row0 * 2 * N + j];
      dh[j] = states[row0 * 2 * N + N + j];
    }
    var dA = 0.0;
    var dSkip = 0.0;
    var dBias = 0.0;

    // Pass 1: the state entering each chunk (slot k = H_{kK−1}, slot 0 = initialState).
    let K = uniforms.chunk;
    for (var k = 0; k < uniforms.chunks; k++) {
      if (owned) { for (var j = 0; j < N; j++) { result[scratchIndex(k, j, tid)] = state[j]; } }
      let end = min(L, (k + 1) * K);
      for (var t = k * K; t < end; t++) {
        let hd = (bi * L + t) * H + head;
        let dt = discretize(dtIn[hd] + bias);
        let decay = exp(dt * A);
        let drive = dt * x[hd * P + pe];
        let row = ((bi * L + t) * G + group) * 2 * N;
        for (var j = 0; j < N; j++) { state[j] = decay * state[j] + drive * bc[row + j]; }
      }
    }

    // Pass 2: chunks last first; states of the chunk in slots chunks + s.
    let cs = uniforms.chunks;
    for (var k = uniforms.chunks - 1; k >= 0; k--) {
      let start = k * K;
      let len = min(K, L - start);
      for (var j = 0; j < N; j++) { state[j] = result[scratchIndex(k, j, tid)]; }
      for (var s = 0; s < len; s++) {
        let hd = (bi * L + start + s) * H + head;
        let dt = discretize(dtIn[hd] + bias);
        let decay = exp(dt * A);
        let drive = dt * x[hd * P + pe];
        let row = ((bi * L + start + s) * G + group) * 2 * N;
        for (var j = 0; j < N; j++) {
          state[j] = decay * state[j] + drive * bc[row + j];
          if (owned) { result[scratchIndex(cs + s, j, tid)] = state[j]; }
        }
      }
      for (var s = len - 1; s >= 0; s--) {
        let t = start + s;
        let hd = (bi * L + t) * H + head;
        let xi = hd * P + pe;
        let row = ((bi * L + t) * G + group) * 2 * N;
        let raw = dtIn[hd] + bias;
        let dt = discretize(raw);
        let decay = exp(dt * A);
        let xv = x[xi];
        // H_{t−1}: the previous chunk slot, or the chunk's checkpoint at s = 0
        let prevSlot = select(k, cs + s - 1, s > 0);
        var dyPre = dy[xi];
        ${gated ? `
        var pre = skip * xv;
        for (var j = 0; j < N; j++) { pre += result[scratchIndex(cs + s, j, tid)] * bc[row + N + j]; }
        let zv = z[xi];
        let dz = dyPre * pre * siluGrad(zv);
        dyPre = dyPre * silu(zv);` : ''}
        dSkip += dyPre * xv;
        var dx = dyPre * skip;
        var dDecay = 0.0;
        var ddt = 0.0;
        let buf = (t & 1) * WG * R;
        let mine = buf + i32(localIndex) * R;
        for (var j = 0; j < N; j++) {
          let hj = result[scratchIndex(cs + s, j, tid)];
          let hPrev = result[scratchIndex(prevSlot, j, tid)];
          let Bj = bc[row + j];
          let Cj = bc[row + N + j];
          let gh = dh[j] + dyPre * Cj;
          dDecay += gh * hPrev;
          ddt += gh * xv * Bj;
          dx += gh * dt * Bj;
          dh[j] = gh * decay;
          red[mine + j] = select(0.0, gh * dt * xv, real);
          red[mine + N + j] = select(0.0, dyPre * hj, real);
        }
        ddt += dDecay * decay * A;
        dA += dDecay * decay * dt;
        let dRaw = ddt * discretizeGrad(raw);
        dBias += dRaw;
        if (real) {
          result[uniforms.oDx + xi] = dx;
          result[uniforms.oDdt + xi] = dRaw;
          ${gated ? 'result[uniforms.oDz + xi] = dz;' : ''}
        }
        workgroupBarrier();
        if (owned) {
          reduceColumns(buf, uniforms.oDbc + (((bi * L + t) * G + group) * uniforms.blocks + block) * R);
        }
      }
    }

    if (real) {
      for (var j = 0; j < N; j++) { result[uniforms.oDh0 + row0 * N + j] = dh[j]; }
      result[uniforms.oDpar + row0 * 3] = dA;
      result[uniforms.oDpar + row0 * 3 + 1] = dSkip;
      result[uniforms.oDpar + row0 * 3 + 2] = dBias;
    }
  }
`,
  };
}
