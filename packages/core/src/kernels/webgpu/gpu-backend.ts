import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';

/**
 * The slice of tfjs-backend-webgpu's program interface our kernels use (declared here so that
 * importing @hybridssm/core never loads the backend). `getUserCode` defines `fn main(index: i32)`;
 * tfjs prepends the bindings (`result` read_write, one read-only `array<f32>` per variable name,
 * `uniforms`) and the `_start` entry point. `shaderKey` must encode every compile-time constant.
 */
export interface GpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  uniforms?: string;
  getUserCode(): string;
}

/** The methods of tfjs's WebGPUBackend that the scan kernels call. */
export interface GpuBackend {
  device: { limits: { maxComputeWorkgroupStorageSize: number; maxStorageBufferBindingSize: number } };
  runWebGPUProgram(program: GpuProgram, inputs: TensorInfo[], dtype: 'float32', uniforms?: Array<{ type: 'int32' | 'float32'; data: number[] }>): TensorInfo;
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TensorInfo;
  disposeData(dataId: object): boolean;
}

/** Throws if a program's flat output of `floats` float32s exceeds what the device binds as one buffer. */
export function checkOutputSize(backend: GpuBackend, op: string, floats: number): void {
  const limit = backend.device.limits.maxStorageBufferBindingSize;
  if (floats * 4 > limit) {
    throw new Error(
      `${op}: the webgpu kernel's output needs ${floats * 4} bytes, more than this device binds in one buffer ` +
        `(${limit}); use impl 'chunked', or smaller batches`,
    );
  }
}

/** int32 uniforms in declaration order (`name : i32,` each, see `intUniforms`). */
export function uniformValues(values: number[]): Array<{ type: 'int32'; data: number[] }> {
  return values.map((v) => ({ type: 'int32', data: [v] }));
}

/** The WGSL uniform declaration of int32 fields, in the order `uniformValues` passes them. */
export function intUniforms(names: readonly string[]): string {
  return names.map((name) => `${name} : i32,`).join(' ');
}

/**
 * Runs the webgpu backend's own kernels (Reshape, Slice, Concat, Sum) on TensorInfos and remembers
 * every intermediate, so that a kernel can hand back its outputs and `dispose()` the rest.
 */
export class GpuOps {
  private readonly created: TensorInfo[] = [];

  constructor(readonly backend: GpuBackend) {}

  private run(kernelName: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object): TensorInfo {
    const kernel = tf.getKernel(kernelName, 'webgpu');
    if (kernel === undefined) throw new Error(`webgpu backend has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({ inputs: inputs as never, backend: this.backend as never, attrs: attrs as never }) as TensorInfo;
    return this.track(out);
  }

  /** Registers a TensorInfo made elsewhere (e.g. a program's output) as an intermediate. */
  track(t: TensorInfo): TensorInfo {
    this.created.push(t);
    return t;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  /** `size` elements of a flat tensor from `offset`, reshaped. */
  flatSlice(flat: TensorInfo, offset: number, shape: number[]): TensorInfo {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.reshape(this.slice(flat, [offset], [size]), shape);
  }

  concat(tensors: TensorInfo[], axis: number): TensorInfo {
    return this.run('Concat', tensors, { axis });
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run('Sum', { x }, { axis, keepDims: false });
  }

  /** An empty float32 tensor of this shape (the gradient of an empty input). */
  empty(shape: number[]): TensorInfo {
    return this.backend.makeTensorInfo(shape, 'float32', new Float32Array(0));
  }

  /** Disposes every intermediate that is not one of `keep` (kernel outputs). */
  dispose(keep: TensorInfo[] = []): void {
    const kept = new Set(keep);
    for (const t of this.created) if (!kept.has(t)) this.backend.disposeData(t.dataId);
    this.created.length = 0;
  }
}
