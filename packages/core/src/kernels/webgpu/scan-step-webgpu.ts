import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { checkOutputSize } from './gpu-backend.js';
import type { GpuBackend } from './gpu-backend.js';
import { stepReadoutProgram, stepUniforms, stepUpdateProgram } from './scan-step-programs.js';
import type { StepDims } from './scan-step-programs.js';

/** A step's inputs in the shared form of `scan-step-programs.ts` (rows of x, one dt, A, D, bias per head). */
interface StepTensors {
  x: TensorInfo;
  dt: TensorInfo;
  A: TensorInfo;
  B: TensorInfo;
  C: TensorInfo;
  D: TensorInfo;
  z: TensorInfo;
  bias: TensorInfo;
  state: TensorInfo;
}

/** Runs the update then the read-out program; returns [y (shaped like x), new state]. */
function runStep(backend: unknown, op: string, t: StepTensors, dims: StepDims, softplus: boolean, gated: boolean, aPerState: boolean): TensorInfo[] {
  const gpu = backend as GpuBackend;
  checkOutputSize(gpu, op, t.state.shape.reduce((a, b) => a * b, 1));
  const uniforms = stepUniforms(dims);
  const update = stepUpdateProgram([...t.state.shape], dims, { softplus, aPerState });
  const state = gpu.runWebGPUProgram(update, [t.x, t.dt, t.B, t.A, t.bias, t.state], 'float32', uniforms);
  const readout = stepReadoutProgram([...t.x.shape], dims, gated);
  const y = gpu.runWebGPUProgram(readout, [state, t.C, t.x, t.D, gated ? t.z : t.x], 'float32', uniforms);
  return [y, state];
}

/** selectiveScanStep: a (batch, channel) is a head of one row; A [d,n] is per state element. */
const selectiveStep: KernelFunc = ({ inputs, backend, attrs }) => {
  const t = inputs as unknown as Record<'u' | 'delta' | 'A' | 'B' | 'C' | 'D' | 'z' | 'deltaBias' | 'state', TensorInfo>;
  const [b, d] = t.u.shape as [number, number];
  const [, g, n] = t.B.shape as [number, number, number];
  const tensors = { ...t, x: t.u, dt: t.delta, bias: t.deltaBias };
  return runStep(backend, 'selectiveScanStep', tensors, { b, h: d, p: 1, g, n }, attrs?.deltaSoftplus !== false, attrs?.gated === true, true);
};

/** ssdStep: a thread per (batch, head, row p); A [h] is per head. */
const ssdStep: KernelFunc = ({ inputs, backend, attrs }) => {
  const t = inputs as unknown as Record<'x' | 'dt' | 'A' | 'B' | 'C' | 'D' | 'z' | 'dtBias' | 'state', TensorInfo>;
  const [b, h, p] = t.x.shape as [number, number, number];
  const [, g, n] = t.B.shape as [number, number, number];
  return runStep(backend, 'ssdStep', { ...t, bias: t.dtBias }, { b, h, p, g, n }, attrs?.dtSoftplus !== false, attrs?.gated === true, false);
};

export const scanStepWebGpuKernels = { selective: selectiveStep, ssd: ssdStep };
