import { intUniforms } from './gpu-backend.js';
import type { GpuProgram } from './gpu-backend.js';
import { BACKWARD_WORKGROUP_INDEX, FORWARD_WORKGROUP, backwardSnippet, mathSnippet } from './wgsl-common.js';

/**
 * WGSL programs of selectiveScan (Mamba-1):
 *   dt = softplus(delta + deltaBias);  h_t = exp(dt A) ⊙ h_{t−1} + (dt u_t) B_t;  y_t = (h_t·C_t + D u_t) silu(z_t)
 *
 * Bindings (WebGPU guarantees only 8 storage buffers per program, output included), packed by the
 * kernel: u, delta, z [b,l,d] (z is u when not gated: it is then never read); bc [b,l,g,2n] = B ‖ C
 * along the last axis; params [d,n+2] = A ‖ D ‖ deltaBias; forward: h0 [b,d,n]; backward: states
 * [b,d,2n] = initialState ‖ dstate, and dy [b,l,d]. n is a compile-time constant (private arrays).
 */

export interface SelectiveFlags {
  n: number;
  softplus: boolean;
  gated: boolean;
}

const FORWARD_UNIFORMS = ['b', 'l', 'd', 'g'] as const;

/**
 * Forward: one thread per (batch, channel) runs the recurrence over t with h[n] in private memory,
 * f32 throughout. Output: y [b,l,d] followed by the final state [b,d,n], flat.
 */
export function selectiveForwardProgram(dims: { b: number; l: number; d: number }, flags: SelectiveFlags): GpuProgram {
  const { b, l, d } = dims;
  const { n, softplus, gated } = flags;
  const threads = b * d;
  return {
    outputShape: [b * l * d + b * d * n],
    shaderKey: `hybridssm_selective_fwd_${n}_${softplus}_${gated}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(threads / FORWARD_WORKGROUP), 1, 1],
    workgroupSize: [FORWARD_WORKGROUP, 1, 1],
    variableNames: ['u', 'delta', 'z', 'bc', 'params', 'h0'],
    uniforms: intUniforms(FORWARD_UNIFORMS),
    getUserCode: () => `
  const N = ${n};
  ${mathSnippet(softplus)}
  fn main(index : i32) {
    ${gated ? '' : '_ = z[0]; // bound but unused: keep it in the pipeline layout'}
    let L = uniforms.l;
    let Dm = uniforms.d;
    if (index >= uniforms.b * Dm) { return; }
    let bi = index / Dm;
    let c = index - bi * Dm;
    let group = c / (Dm / uniforms.g);
    var h : array<f32, N>;
    var a : array<f32, N>;
    for (var j = 0; j < N; j++) {
      h[j] = h0[index * N + j];
      a[j] = params[c * (N + 2) + j];
    }
    let skip = params[c * (N + 2) + N];
    let bias = params[c * (N + 2) + N + 1];
    for (var t = 0; t < L; t++) {
      let idx = (bi * L + t) * Dm + c;
      let dt = discretize(delta[idx] + bias);
      let uv = u[idx];
      let drive = dt * uv;
      let row = ((bi * L + t) * uniforms.g + group) * 2 * N;
      var acc = skip * uv;
      for (var j = 0; j < N; j++) {
        let hj = exp(dt * a[j]) * h[j] + drive * bc[row + j];
        h[j] = hj;
        acc += hj * bc[row + N + j];
      }
      result[idx] = ${gated ? 'acc * silu(z[idx])' : 'acc'};
    }
    let stateOut = uniforms.b * L * Dm + index * N;
    for (var j = 0; j < N; j++) { result[stateOut + j] = h[j]; }
  }
`,
  };
}

/** Where each gradient lies in the backward program's flat output (offsets in floats). */
export interface SelectiveBackwardLayout {
  workgroup: number;
  blocks: number;
  chunk: number;
  chunks: number;
  threads: number;
  oDu: number;
  oDdelta: number;
  oDz: number;
  /** per-block partial sums of dB ‖ dC, [b, l, g, blocks, 2n] */
  oDbc: number;
  /** per-batch partials of dA, [b, d, n] */
  oDa: number;
  /** per-batch partials of dD and dDeltaBias, [b, d, 2] */
  oDskip: number;
  oDh0: number;
  oScratch: number;
  total: number;
}

export function selectiveBackwardLayout(
  dims: { b: number; l: number; d: number; g: number; n: number },
  gated: boolean,
  workgroup: number,
  chunking: { chunk: number; chunks: number },
): SelectiveBackwardLayout {
  const { b, l, d, g, n } = dims;
  const blocks = Math.ceil(d / g / workgroup);
  const threads = b * g * blocks * workgroup;
  const sizes = {
    oDu: b * l * d,
    oDdelta: b * l * d,
    oDz: gated ? b * l * d : 0,
    oDbc: b * l * g * blocks * 2 * n,
    oDa: b * d * n,
    oDskip: b * d * 2,
    oDh0: b * d * n,
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
  'b', 'l', 'd', 'g', 'blocks', 'chunk', 'chunks', 'threads',
  'oDu', 'oDdelta', 'oDz', 'oDbc', 'oDa', 'oDskip', 'oDh0', 'oScratch',
] as const;

/** The backward program's uniform values, in declaration order. */
export function selectiveBackwardUniforms(dims: { b: number; l: number; d: number; g: number }, layout: SelectiveBackwardLayout): number[] {
  const values: Record<string, number> = { ...dims, ...layout };
  return BACKWARD_UNIFORMS.map((name) => values[name] as number);
}

/**
 * Backward: a workgroup per (batch, group, block of WG consecutive channels of the group), a thread
 * per channel; threads past the group's last channel compute a copy of it and contribute zeros, so
 * that every thread runs the same loop trip counts and the barriers stay in uniform control flow.
 * Per thread: checkpoint pass, then per chunk (last first) recompute h_t into scratch and run the
 * adjoint from t = end−1 down to start (the math of kernels/cpu/selective-scan-kernel.ts):
 *   ḡ_t = dh_t + dy'_t C_t (total dL/dh_t),  dC_t += dy'_t h_t,  dB_t += ḡ_t dt u_t,
 *   d dt += Σ ḡ_t ⊙ (A e^{dt A} h_{t−1} + u_t B_t),  dA += ḡ_t e^{dt A} h_{t−1} dt,  dh_{t−1} = ḡ_t e^{dt A}.
 * dB_t and dC_t sum over the group's channels: reduced on chip per step into [b,l,g,blocks,2n]
 * partials. dA, dD, dDeltaBias accumulate privately over t into per-batch partials.
 */
export function selectiveBackwardProgram(layout: SelectiveBackwardLayout, dims: { b: number; g: number }, flags: SelectiveFlags): GpuProgram {
  const { n, softplus, gated } = flags;
  const { workgroup: wg, blocks } = layout;
  return {
    outputShape: [layout.total],
    shaderKey: `hybridssm_selective_bwd_${n}_${softplus}_${gated}_${wg}`,
    dispatchLayout: { x: [0] },
    dispatch: [dims.b * dims.g * blocks, 1, 1],
    workgroupSize: [wg, 1, 1],
    variableNames: ['u', 'delta', 'z', 'bc', 'params', 'states', 'dy'],
    uniforms: intUniforms(BACKWARD_UNIFORMS),
    getUserCode: () => `
  const N = ${n};
  ${mathSnippet(softplus)}
  ${backwardSnippet(wg)}

  fn main(index : i32) {
    ${gated ? '' : '_ = z[0]; // bound but unused: keep it in the pipeline layout'}
    let L = uniforms.l;
    let Dm = uniforms.d;
    let G = uniforms.g;
    let perGroup = Dm / G;
    ${BACKWARD_WORKGROUP_INDEX}
    let real = lane < perGroup && owned;
    let c = group * perGroup + min(lane, perGroup - 1);
    let tid = wgIndex * WG + i32(localIndex);

    var a : array<f32, N>;
    var h : array<f32, N>;
    var dh : array<f32, N>;
    var dA : array<f32, N>;
    for (var j = 0; j < N; j++) {
      a[j] = params[c * (N + 2) + j];
      h[j] = states[(bi * Dm + c) * 2 * N + j];
      dh[j] = states[(bi * Dm + c) * 2 * N + N + j];
      dA[j] = 0.0;
    }
    let skip = params[c * (N + 2) + N];
    let bias = params[c * (N + 2) + N + 1];
    var dSkip = 0.0;
    var dBias = 0.0;

    // Pass 1: the state entering each chunk (slot k = h_{kK−1}, slot 0 = initialState).
    let K = uniforms.chunk;
    for (var k = 0; k < uniforms.chunks; k++) {
      if (owned) { for (var j = 0; j < N; j++) { result[scratchIndex(k, j, tid)] = h[j]; } }
      let end = min(L, (k + 1) * K);
      for (var t = k * K; t < end; t++) {
        let idx = (bi * L + t) * Dm + c;
        let dt = discretize(delta[idx] + bias);
        let drive = dt * u[idx];
        let row = ((bi * L + t) * G + group) * 2 * N;
        for (var j = 0; j < N; j++) { h[j] = exp(dt * a[j]) * h[j] + drive * bc[row + j]; }
      }
    }

    // Pass 2: chunks last first; states of the chunk in slots chunks + s.
    let cs = uniforms.chunks;
    for (var k = uniforms.chunks - 1; k >= 0; k--) {
      let start = k * K;
      let len = min(K, L - start);
      for (var j = 0; j < N; j++) { h[j] = result[scratchIndex(k, j, tid)]; }
      for (var s = 0; s < len; s++) {
        let idx = (bi * L + start + s) * Dm + c;
        let dt = discretize(delta[idx] + bias);
        let drive = dt * u[idx];
        let row = ((bi * L + start + s) * G + group) * 2 * N;
        for (var j = 0; j < N; j++) {
          h[j] = exp(dt * a[j]) * h[j] + drive * bc[row + j];
          if (owned) { result[scratchIndex(cs + s, j, tid)] = h[j]; }
        }
      }
      for (var s = len - 1; s >= 0; s--) {
        let t = start + s;
        let idx = (bi * L + t) * Dm + c;
        let row = ((bi * L + t) * G + group) * 2 * N;
        let uv = u[idx];
        let raw = delta[idx] + bias;
        let dt = discretize(raw);
        // h_{t−1}: the previous chunk slot, or the chunk's checkpoint at s = 0
        let prevSlot = select(k, cs + s - 1, s > 0);
        var dyPre = dy[idx];
        ${gated ? `
        var pre = skip * uv;
        for (var j = 0; j < N; j++) { pre += result[scratchIndex(cs + s, j, tid)] * bc[row + N + j]; }
        let zv = z[idx];
        let dz = dyPre * pre * siluGrad(zv);
        dyPre = dyPre * silu(zv);` : ''}
        dSkip += dyPre * uv;
        var du = dyPre * skip;
        var ddt = 0.0;
        let buf = (t & 1) * WG * R;
        let mine = buf + i32(localIndex) * R;
        for (var j = 0; j < N; j++) {
          let hj = result[scratchIndex(cs + s, j, tid)];
          let hPrev = result[scratchIndex(prevSlot, j, tid)];
          let Bj = bc[row + j];
          let Cj = bc[row + N + j];
          let decay = exp(dt * a[j]);
          let gh = dh[j] + dyPre * Cj;
          let dDecay = gh * hPrev * decay;
          ddt += dDecay * a[j] + gh * uv * Bj;
          dA[j] += dDecay * dt;
          du += gh * dt * Bj;
          dh[j] = gh * decay;
          red[mine + j] = select(0.0, gh * dt * uv, real);
          red[mine + N + j] = select(0.0, dyPre * hj, real);
        }
        let dRaw = ddt * discretizeGrad(raw);
        dBias += dRaw;
        if (real) {
          result[uniforms.oDu + idx] = du;
          result[uniforms.oDdelta + idx] = dRaw;
          ${gated ? 'result[uniforms.oDz + idx] = dz;' : ''}
        }
        workgroupBarrier();
        if (owned) {
          reduceColumns(buf, uniforms.oDbc + (((bi * L + t) * G + group) * uniforms.blocks + block) * R);
        }
      }
    }

    if (real) {
      let sc = bi * Dm + c;
      for (var j = 0; j < N; j++) {
        result[uniforms.oDa + sc * N + j] = dA[j];
        result[uniforms.oDh0 + sc * N + j] = dh[j];
      }
      result[uniforms.oDskip + sc * 2] = dSkip;
      result[uniforms.oDskip + sc * 2 + 1] = dBias;
    }
  }
`,
  };
}
