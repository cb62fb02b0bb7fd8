import * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';
import { DropoutMask } from '../../ops/kernel-names.js';
import { GpuOps } from './gpu-backend.js';
import type { GpuBackend, GpuProgram } from './gpu-backend.js';

const WORKGROUP = 64;
/** WebGPU's guaranteed workgroups per dispatch dimension; larger masks spread over y. */
const MAX_GROUPS_X = 65535;

/** The mask drawn on the GPU, with util/dropout-hash.ts's hash in u32 arithmetic (the same bits as JavaScript's). */
function dropoutMaskProgram(size: number): GpuProgram {
  const groups = Math.ceil(size / WORKGROUP);
  const x = Math.min(groups, MAX_GROUPS_X);
  return {
    outputShape: [size],
    shaderKey: 'hybridssm_dropout_mask',
    dispatchLayout: { x: [0] },
    dispatch: [x, Math.ceil(groups / x), 1],
    workgroupSize: [WORKGROUP, 1, 1],
    variableNames: [],
    uniforms: 'seedHash : i32, threshold : i32, scale : f32, count : i32,',
    getUserCode: () => `
  fn pcgHash(v : u32) -> u32 {
    let state = v * 747796405u + 2891336453u;
    let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
    return (word >> 22u) ^ word;
  }
  fn main(index : i32) {
    if (index >= uniforms.count) { return; }
    let bits = pcgHash(pcgHash(u32(index)) ^ bitcast<u32>(uniforms.seedHash));
    setOutputAtIndex(index, select(0.0, uniforms.scale, (bits >> 8u) >= u32(uniforms.threshold)));
  }
`,
  };
}

const dropoutMaskWebGpu: KernelFunc = ({ backend, attrs }) => {
  const { shape, seedHash, threshold, scale } = attrs as unknown as { shape: number[]; seedHash: number; threshold: number; scale: number };
  const gpu = backend as unknown as GpuBackend;
  const size = tf.util.sizeFromShape(shape);
  const uniforms = [
    { type: 'int32' as const, data: [seedHash | 0] },
    { type: 'int32' as const, data: [threshold] },
    { type: 'float32' as const, data: [scale] },
    { type: 'int32' as const, data: [size] },
  ];
  const ops = new GpuOps(gpu);
  const mask = ops.reshape(ops.track(gpu.runWebGPUProgram(dropoutMaskProgram(size), [], 'float32', uniforms)), shape);
  ops.dispose([mask]);
  return mask;
};

/** Registers DropoutMask for the 'webgpu' backend (compiled on first use). */
export function registerWebGpuDropoutMask(backendName = 'webgpu'): void {
  if (tf.getKernel(DropoutMask, backendName) === undefined) tf.registerKernel({ kernelName: DropoutMask, backendName, kernelFunc: dropoutMaskWebGpu });
}
