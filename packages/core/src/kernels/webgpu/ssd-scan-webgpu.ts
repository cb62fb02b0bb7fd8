import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { GpuOps, checkOutputSize, uniformValues } from './gpu-backend.js';
import { groupedBcGradients } from './grouped-bc-gradients.js';
import type { GpuBackend } from './gpu-backend.js';
import { ssdBackwardLayout, ssdBackwardProgram, ssdBackwardUniforms, ssdForwardProgram } from './ssd-scan-programs.js';
import type { SsdDims, SsdFlags } from './ssd-scan-programs.js';
import { backwardWorkgroupSize, checkpointChunks } from './wgsl-common.js';

type Inputs = Record<'x' | 'dt' | 'A' | 'B' | 'C' | 'D' | 'z' | 'dtBias' | 'initialState', TensorInfo>;

function dimsOf(inputs: Inputs): SsdDims {
  const [b, l, h, p] = inputs.x.shape as [number, number, number, number];
  const [, , g, n] = inputs.B.shape as [number, number, number, number];
  return { b, l, h, p, g, n };
}

function flagsOf(attrs: Record<string, unknown> | undefined, n: number): SsdFlags {
  return { n, softplus: attrs?.dtSoftplus !== false, gated: attrs?.gated === true };
}

/** The packed bindings shared by both programs: B ‖ C and [A; D; dtBias] (see ssd-scan-programs.ts). */
function packShared(ops: GpuOps, inputs: Inputs, h: number): { bc: TensorInfo; params: TensorInfo } {
  const bc = ops.concat([inputs.B, inputs.C], 3);
  const params = ops.concat([inputs.A, inputs.D, inputs.dtBias].map((v) => ops.reshape(v, [1, h])), 0);
  return { bc, params };
}

/** Forward: y [b,l,h,p] and the final state [b,h,p,n], sliced from the program's one flat output. */
const forwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const named = inputs as unknown as Inputs;
  const gpu = backend as unknown as GpuBackend;
  const ops = new GpuOps(gpu);
  const dims = dimsOf(named);
  const { b, l, h, p, g, n } = dims;
  const flags = flagsOf(attrs, n);
  const { bc, params } = packShared(ops, named, h);
  const program = ssdForwardProgram(dims, flags);
  checkOutputSize(gpu, 'ssdScan', program.outputShape[0] as number);
  const bindings = [named.x, named.dt, flags.gated ? named.z : named.x, bc, params, named.initialState];
  const out = ops.track(gpu.runWebGPUProgram(program, bindings, 'float32', uniformValues([b, l, h, p, g])));
  const y = ops.flatSlice(out, 0, [b, l, h, p]);
  const state = ops.flatSlice(out, b * l * h * p, [b, h, p, n]);
  ops.dispose([y, state]);
  return [y, state];
};

/**
 * Backward: one program writes dx, dz, dh0, per-row partials of d dt and of dA, dD, dDtBias, and
 * per-block partial sums of dB‖dC into one flat output; the partials are summed here with the
 * backend's Sum. Returns one gradient per input, in input order.
 */
const backwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const named = inputs as unknown as Inputs & { dy: TensorInfo; dstate: TensorInfo };
  const gpu = backend as unknown as GpuBackend;
  const ops = new GpuOps(gpu);
  const dims = dimsOf(named);
  const { b, l, h, p, g, n } = dims;
  const flags = flagsOf(attrs, n);
  const { bc, params } = packShared(ops, named, h);
  const states = ops.concat([named.initialState, named.dstate], 3);
  const workgroup = backwardWorkgroupSize((h / g) * p, n, gpu.device.limits.maxComputeWorkgroupStorageSize);
  const layout = ssdBackwardLayout(dims, flags.gated, workgroup, checkpointChunks(l));
  checkOutputSize(gpu, 'ssdScan', layout.total);
  const program = ssdBackwardProgram(layout, dims, flags);
  const bindings = [named.x, named.dt, flags.gated ? named.z : named.x, bc, params, states, named.dy];
  const out = ops.track(gpu.runWebGPUProgram(program, bindings, 'float32', uniformValues(ssdBackwardUniforms(dims, layout))));

  const { B, C } = groupedBcGradients(ops, out, layout.oDbc, layout.blocks, { b, l, g, n });
  const dPar = ops.sum(ops.flatSlice(out, layout.oDpar, [b, h, p, 3]), [0, 2]); // [h, 3]: dA, dD, dDtBias
  const column = (i: number) => ops.reshape(ops.slice(dPar, [0, i], [h, 1]), [h]);
  const grads = {
    x: ops.flatSlice(out, layout.oDx, [b, l, h, p]),
    dt: ops.reshape(ops.sum(ops.flatSlice(out, layout.oDdt, [b * l * h, p]), [1]), [b, l, h]),
    A: column(0),
    B,
    C,
    D: column(1),
    z: flags.gated ? ops.flatSlice(out, layout.oDz, [b, l, h, p]) : ops.empty([...named.z.shape]),
    dtBias: column(2),
    initialState: ops.flatSlice(out, layout.oDh0, [b, h, p, n]),
  };
  const result = [grads.x, grads.dt, grads.A, grads.B, grads.C, grads.D, grads.z, grads.dtBias, grads.initialState];
  ops.dispose(result);
  return result;
};

export const ssdScanWebGpuKernels = { forward: forwardKernel, backward: backwardKernel };
