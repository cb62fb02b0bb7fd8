import type { TensorInfo } from '@tensorflow/tfjs';
import { instantiateOnHeap } from './heap-module-file.js';

/** The parts of tfjs-backend-wasm's BackendWasm that kernels running on its heap use. */
export interface HeapBackend {
  wasm: { asm: { memory: { buffer: ArrayBuffer } }; _malloc(bytes: number): number; _free(pointer: number): void };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  getMemoryOffset(dataId: object): number;
}

/** A heap-importing module's exports bound to one backend's heap, and its scratch region there. */
export interface HeapBinding<Kernels> {
  kernels: Kernels;
  backend: HeapBackend;
  scratch: { offset: number; bytes: number };
}

function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend>;
  return typeof b.makeOutput === 'function' && typeof b.getMemoryOffset === 'function' && b.wasm?.asm?.memory !== undefined && typeof b.wasm._malloc === 'function';
}

/**
 * Per backend, `module()` instantiated on its heap (once), or undefined where it cannot run there: not
 * tfjs-backend-wasm (the cpu backend), a heap that is a shared memory (tfjs-backend-wasm's multi-threaded
 * build), no module (`module()` undefined: not built, or no SIMD).
 */
export function heapBinder<Kernels>(module: () => object | undefined): (backend: unknown) => HeapBinding<Kernels> | undefined {
  const bindings = new WeakMap<object, HeapBinding<Kernels> | null>();
  return (backend) => {
    if (!isHeapBackend(backend)) return undefined;
    let binding = bindings.get(backend);
    if (binding === undefined) {
      const compiled = module();
      try {
        binding = compiled === undefined ? null : { kernels: instantiateOnHeap(compiled, backend.wasm.asm.memory) as Kernels, backend, scratch: { offset: 0, bytes: 0 } };
      } catch {
        binding = null;
      }
      bindings.set(backend, binding);
    }
    return binding ?? undefined;
  };
}

/**
 * A 16-byte-aligned region of at least `bytes` in the heap (kept between calls, grown when too small;
 * the old region is freed). Allocating may grow the heap: take views afterwards.
 */
export function heapScratch(binding: HeapBinding<unknown>, bytes: number): number {
  if (binding.scratch.bytes < bytes) {
    const size = Math.max(bytes, 2 * binding.scratch.bytes) + 16;
    if (binding.scratch.bytes > 0) binding.backend.wasm._free(binding.scratch.offset);
    binding.scratch = { offset: binding.backend.wasm._malloc(size) >>> 0, bytes: size - 16 };
  }
  return Math.ceil(binding.scratch.offset / 16) * 16;
}
