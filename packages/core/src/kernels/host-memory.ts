import type { TensorInfo } from '@tensorflow/tfjs';

/**
 * Float32 views of tensors' storage on the two backends whose memory JavaScript can address: the
 * wasm backend's heap and the cpu backend's typed arrays. A view is the tensor's own memory, not a
 * copy: the decode-step kernels read their inputs through views and update their caches (KV buffers,
 * conv windows, SSM states) in place through them, so a token costs no copy of its state.
 *
 * A wasm view is invalidated when the heap grows (any allocation may grow it): a kernel allocates its
 * outputs first and takes its views after.
 */
export interface HostMemory {
  /** The live float32 storage of `info` (its size, whatever the shape says about views of it). */
  view(info: TensorInfo): Float32Array;
  /** A new float32 tensor of `shape`, zero-filled on cpu, uninitialised on wasm. */
  allocate(shape: number[]): TensorInfo;
}

interface WasmBackendMemory {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

interface CpuBackendMemory {
  data: { get(dataId: object): { values?: unknown } | undefined };
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
}

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** The host memory of a kernel's `backend` argument; an Error for a backend whose memory JavaScript cannot address. */
export function hostMemory(backend: unknown): HostMemory {
  const wasm = backend as Partial<WasmBackendMemory>;
  if (typeof wasm.typedArrayFromHeap === 'function' && typeof wasm.makeOutput === 'function') {
    const w = wasm as WasmBackendMemory;
    return {
      view: (info) => {
        if (info.dtype !== 'float32') throw new Error(`decode kernels take float32 tensors; got ${info.dtype}`);
        return w.typedArrayFromHeap(info) as Float32Array;
      },
      allocate: (shape) => w.makeOutput(shape, 'float32'),
    };
  }
  const cpu = backend as Partial<CpuBackendMemory>;
  if (cpu.data !== undefined && typeof cpu.data.get === 'function' && typeof cpu.write === 'function') {
    const c = cpu as CpuBackendMemory;
    return {
      view: (info) => {
        const values = c.data.get(info.dataId)?.values;
        if (!(values instanceof Float32Array)) throw new Error(`decode kernels take float32 tensors with host storage; got ${info.dtype}`);
        return values.length === size(info.shape) ? values : values.subarray(0, size(info.shape));
      },
      allocate: (shape) => ({ dataId: c.write(new Float32Array(size(shape)), shape, 'float32'), shape, dtype: 'float32' }),
    };
  }
  throw new Error('decode kernels run on the cpu and wasm backends only');
}
