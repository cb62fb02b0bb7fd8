// Strided block copies for the wasm backend's data-movement kernels (Slice, SplitV, Concat:
// src/kernels/wasm/copy-runs-wasm.ts), with the bulk-memory `memory.copy` per run instead of one
// typed-array `set` (and a subarray) per run in JavaScript. Pointers and strides are in bytes.

/** Copies `runs` runs of `runBytes` bytes, run r from src + r·srcStride to dst + r·dstStride. */
export function copyRuns(src: usize, srcStride: usize, dst: usize, dstStride: usize, runs: i32, runBytes: usize): void {
  for (let r = 0; r < runs; r++) {
    memory.copy(dst, src, runBytes);
    src += srcStride;
    dst += dstStride;
  }
}
