import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { GpuOps, checkOutputSize, uniformValues } from './gpu-backend.js';
import { groupedBcGradients } from './grouped-bc-gradients.js';
import type { GpuBackend } from './gpu-backend.js';
import {
  selectiveBackwardLayout,
  selectiveBackwardProgram,
  selectiveBackwardUniforms,
  selectiveForwardProgram,
} from './selective-scan-programs.js';
import type { SelectiveFlags } from './selective-scan-programs.js';
import { backwardWorkgroupSize, checkpointChunks } from './wgsl-common.js';

type Inputs = Record<'u' | 'delta' | 'A' | 'B' | 'C' | 'D' | 'z' | 'deltaBias' | 'initialState', TensorInfo>;

function dimsOf(inputs: Inputs): { b: number; l: number; d: number; g: number; n: number } {
  const [b, l, g, n] = inputs.B.shape as [number, number, number, number];
  return { b, l, d: inputs.u.shape[2] as number, g, n };
}

function flagsOf(attrs: Record<string, unknown> | undefined, n: number): SelectiveFlags {
  return { n, softplus: attrs?.deltaSoftplus !== false, gated: attrs?.gated === true };
}

/** The packed bindings shared by both programs: B ‖ C and A ‖ D ‖ deltaBias (see selective-scan-programs.ts). */
function packShared(ops: GpuOps, inputs: Inputs, d: number): { bc: TensorInfo; params: TensorInfo } {
  const bc = ops.concat([inputs.B, inputs.C], 3);
  const params = ops.concat([inputs.A, ops.reshape(inputs.D, [d, 1]), ops.reshape(inputs.deltaBias, [d, 1])], 1);
  return { bc, params };
}

/** Forward: y [b,l,d] and the final state [b,d,n], sliced from the program's one flat output. */
const forwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const named = inputs as unknown as Inputs;
  const gpu = backend as unknown as GpuBackend;
  const ops = new GpuOps(gpu);
  const dims = dimsOf(named);
  const { b, l, d, g, n } = dims;
  const flags = flagsOf(attrs, n);
  const { bc, params } = packShared(ops, named, d);
  const program = selectiveForwardProgram(dims, flags);
  checkOutputSize(gpu, 'selectiveScan', program.outputShape[0] as number);
  const bindings = [named.u, named.delta, flags.gated ? named.z : named.u, bc, params, named.initialState];
  const out = ops.track(gpu.runWebGPUProgram(program, bindings, 'float32', uniformValues([b, l, d, g])));
  const y = ops.flatSlice(out, 0, [b, l, d]);
  const state = ops.flatSlice(out, b * l * d, [b, d, n]);
  ops.dispose([y, state]);
  return [y, state];
};

/**
 * Backward: one program writes du, ddelta, dz, dh0 and the partial sums of dB‖dC (per channel block),
 * dA and dD‖dDeltaBias (per batch) into one flat output; the partials are summed here with the
 * backend's Sum. Returns one gradient per input, in input order.
 */
const backwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const named = inputs as unknown as Inputs & { dy: TensorInfo; dstate: TensorInfo };
  const gpu = backend as unknown as GpuBackend;
  const ops = new GpuOps(gpu);
  const dims = dimsOf(named);
  const { b, l, d, g, n } = dims;
  const flags = flagsOf(attrs, n);
  const { bc, params } = packShared(ops, named, d);
  const states = ops.concat([named.initialState, named.dstate], 2);
  const workgroup = backwardWorkgroupSize(d / g, n, gpu.device.limits.maxComputeWorkgroupStorageSize);
  const layout = selectiveBackwardLayout(dims, flags.gated, workgroup, checkpointChunks(l));
  checkOutputSize(gpu, 'selectiveScan', layout.total);
  const program = selectiveBackwardProgram(layout, dims, flags);
  const bindings = [named.u, named.delta, flags.gated ? named.z : named.u, bc, params, states, named.dy];
  const out = ops.track(gpu.runWebGPUProgram(program, bindings, 'float32', uniformValues(selectiveBackwardUniforms(dims, layout))));

  const { B, C } = groupedBcGradients(ops, out, layout.oDbc, layout.blocks, { b, l, g, n });
  const dSkip = ops.sum(ops.flatSlice(out, layout.oDskip, [b, d, 2]), [0]); // [d, 2]: dD, dDeltaBias
  const grads = {
    u: ops.flatSlice(out, layout.oDu, [b, l, d]),
    delta: ops.flatSlice(out, layout.oDdelta, [b, l, d]),
    A: ops.reshape(ops.sum(ops.flatSlice(out, layout.oDa, [b, d * n]), [0]), [d, n]),
    B,
    C,
    D: ops.reshape(ops.slice(dSkip, [0, 0], [d, 1]), [d]),
    z: flags.gated ? ops.flatSlice(out, layout.oDz, [b, l, d]) : ops.empty([...named.z.shape]),
    deltaBias: ops.reshape(ops.slice(dSkip, [0, 1], [d, 1]), [d]),
    initialState: ops.flatSlice(out, layout.oDh0, [b, d, n]),
  };
  const result = [grads.u, grads.delta, grads.A, grads.B, grads.C, grads.D, grads.z, grads.deltaBias, grads.initialState];
  ops.dispose(result);
  return result;
};

export const selectiveScanWebGpuKernels = { forward: forwardKernel, backward: backwardKernel };
