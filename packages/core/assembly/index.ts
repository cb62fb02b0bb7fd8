// The SIMD kernels' WebAssembly module (build/scan-kernels.wasm: the scans and a batched matmul): plain functions on linear memory,
// called by src/kernels/wasm/*.ts with an argument block (kernel-args.ts) that the caller wrote.
import { MatMulArgs, SelectiveScanArgs, SsdScanArgs } from './kernel-args';

export { selectiveScanForward, selectiveScanForwardScratchBytes } from './selective-scan-forward';
export { selectiveScanBackward, selectiveScanBackwardScratchBytes } from './selective-scan-backward';
export { ssdScanChunkSteps, ssdScanForward, ssdScanForwardScratchBytes } from './ssd-scan-forward';
export { ssdScanBackward, ssdScanBackwardScratchBytes } from './ssd-scan-backward';
export { batchMatMul } from './batch-matmul';

/** First free byte after the module's static data: where callers may place their arrays. */
export function heapBase(): usize {
  return __heap_base;
}

export function selectiveScanArgsBytes(): usize {
  return offsetof<SelectiveScanArgs>();
}

export function ssdScanArgsBytes(): usize {
  return offsetof<SsdScanArgs>();
}

export function matMulArgsBytes(): usize {
  return offsetof<MatMulArgs>();
}
