import { intUniforms, uniformValues } from './gpu-backend.js';
import type { GpuProgram } from './gpu-backend.js';
import { FORWARD_WORKGROUP, mathSnippet } from './wgsl-common.js';

/**
 * WGSL programs of the decode steps, one form for both ops: the state is rows of n, one per
 * (batch, head, p) — selectiveScanStep is read as h = d heads of p = 1 row — and a thread owns a row,
 * the n-loop inside. Two launches, no packing: `update` writes the new state, `readout` y from it;
 * each binds at most 7 of the 8 storage buffers WebGPU guarantees (output included). n is a uniform.
 */

export interface StepDims {
  b: number;
  h: number;
  p: number;
  g: number;
  n: number;
}

const UNIFORMS = ['b', 'h', 'p', 'g', 'n'] as const;

export function stepUniforms(dims: StepDims): Array<{ type: 'int32'; data: number[] }> {
  return uniformValues(UNIFORMS.map((name) => dims[name]));
}

function rowProgram(key: string, outputShape: number[], dims: StepDims, variableNames: string[], softplus: boolean, body: string): GpuProgram {
  const rows = dims.b * dims.h * dims.p;
  return {
    outputShape,
    shaderKey: `hybridssm_step_${key}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(rows / FORWARD_WORKGROUP), 1, 1],
    workgroupSize: [FORWARD_WORKGROUP, 1, 1],
    variableNames,
    uniforms: intUniforms(UNIFORMS),
    // row `index` = (bi·h + head)·p + pe; its group's B/C row starts at bcRow
    getUserCode: () => `
  ${mathSnippet(softplus)}
  fn main(index : i32) {
    let H = uniforms.h;
    let N = uniforms.n;
    if (index >= uniforms.b * H * uniforms.p) { return; }
    let bh = index / uniforms.p;
    let bi = bh / H;
    let head = bh - bi * H;
    let bcRow = (bi * uniforms.g + head / (H / uniforms.g)) * N;
    ${body}
  }
`,
  };
}

/**
 * state' = exp(dt A) ⊙ state + (dt x) B with dt = softplus(dtIn + bias) per (batch, head); A is [h,n]
 * (`aPerState`, selective) or [h] (SSD). Bindings: x [rows], dtIn [b,h], B [b,g,n], A, bias [h], state.
 */
export function stepUpdateProgram(stateShape: number[], dims: StepDims, flags: { softplus: boolean; aPerState: boolean }): GpuProgram {
  const decay = flags.aPerState ? 'exp(dt * A[head * N + j])' : 'decay';
  const names = ['x', 'dtIn', 'B', 'A', 'bias', 'state'];
  return rowProgram(`update_${flags.softplus}_${flags.aPerState}`, stateShape, dims, names, flags.softplus, `
    let dt = discretize(dtIn[bh] + bias[head]);
    let drive = dt * x[index];
    ${flags.aPerState ? '' : 'let decay = exp(dt * A[head]);'}
    for (var j = 0; j < N; j++) {
      let s = index * N + j;
      result[s] = ${decay} * state[s] + drive * B[bcRow + j];
    }`);
}

/**
 * y = (state'·C + D x) silu(z). Bindings: state' [rows,n], C [b,g,n], x [rows], D [h], z [rows]
 * (x again when not gated: WebGPU cannot bind the empty z, and it is then not read).
 */
export function stepReadoutProgram(yShape: number[], dims: StepDims, gated: boolean): GpuProgram {
  return rowProgram(`readout_${gated}`, yShape, dims, ['state', 'C', 'x', 'D', 'z'], true, `
    ${gated ? '' : '_ = z[0]; // bound but unused: keep it in the pipeline layout'}
    var acc = D[head] * x[index];
    for (var j = 0; j < N; j++) { acc += state[index * N + j] * C[bcRow + j]; }
    result[index] = ${gated ? 'acc * silu(z[index])' : 'acc'};`);
}
