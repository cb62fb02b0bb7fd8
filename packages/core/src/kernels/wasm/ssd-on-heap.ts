import type { TensorInfo } from '@tensorflow/tfjs';
import { heapBinder, heapScratch } from './heap-binding.js';
import type { HeapBinding } from './heap-binding.js';
import { heapModuleLoader } from './heap-module-file.js';

/**
 * The ssdScan kernels on tfjs-backend-wasm's own heap: build/ssd-kernels.wasm (assembly/ssd/index.ts,
 * the same functions as in build/scan-kernels.wasm) imports its memory, so instantiated on the backend's
 * heap it reads the inputs and writes the outputs where the tensors lie — no copy in or out (at b=4
 * l=1024 h=8 p=n=64 the copies of a forward+backward move ~50 MB, ~10% of its time) and no second copy of
 * every array in the scan module's memory. Its scratch is a region of that heap, kept between calls.
 */

/** The exports of build/ssd-kernels.wasm; pointers are byte offsets into the heap it is bound to. */
export interface SsdHeapKernels {
  ssdScanArgsBytes(): number;
  ssdScanChunkSteps(): number;
  ssdScanForward(args: number): void;
  ssdScanForwardScratchBytes(p: number, n: number): number;
  ssdScanBackward(args: number): void;
  ssdScanBackwardScratchBytes(l: number, h: number, p: number, n: number): number;
}

/** The compiled module, or undefined where this engine has no SIMD. A missing file is an error: the package's build makes it. */
export const ssdHeapModule = heapModuleLoader('ssd-kernels.wasm', 'error');

export type SsdHeapBinding = HeapBinding<SsdHeapKernels>;

/**
 * The kernels on this backend's heap, or undefined where they cannot run there: not tfjs-backend-wasm
 * (the cpu backend), a heap that is a shared memory (tfjs-backend-wasm's multi-threaded build), no SIMD.
 * The callers then copy through the scan module's own memory.
 */
export const ssdOnHeap = heapBinder<SsdHeapKernels>(ssdHeapModule);

/**
 * Runs `kernel` on an argument block of `fields` (assembly/kernel-args.ts's order): each field is the
 * byte offset of `tensors[field]` in the heap, else `sizes[field]`, else 0; the block and then
 * `scratchBytes` of scratch are placed in the binding's scratch region.
 */
export function runOnHeap<Field extends string>(
  binding: SsdHeapBinding,
  fields: readonly Field[],
  sizes: Partial<Record<Field, number>>,
  tensors: Partial<Record<Field, TensorInfo>>,
  scratchField: Field,
  scratchBytes: number,
  kernel: (args: number) => void,
): void {
  const blockBytes = Math.ceil((4 * fields.length) / 16) * 16;
  const base = heapScratch(binding, blockBytes + scratchBytes);
  const { backend } = binding;
  const value = (field: Field): number => {
    if (field === scratchField) return base + blockBytes;
    const tensor = tensors[field];
    return tensor !== undefined ? backend.getMemoryOffset(tensor.dataId) : (sizes[field] ?? 0);
  };
  new Uint32Array(backend.wasm.asm.memory.buffer, base, fields.length).set(fields.map(value));
  kernel(base);
}
