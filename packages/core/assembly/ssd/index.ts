// The ssdScan kernels as a module that imports its memory (`--importMemory` → build/ssd-kernels.wasm):
// instantiated on tfjs-backend-wasm's heap, they read the inputs and write the outputs where the tensors
// lie (src/kernels/wasm/ssd-scan-wasm-kernel.ts), with their scratch allocated in that heap. So nothing
// here may write outside the arrays it is handed: no static data, no allocation (`--runtime stub`), no
// stack. The same functions are in build/scan-kernels.wasm (own memory) for the copy path.
import { SsdScanArgs } from '../kernel-args';

export { ssdScanChunkSteps, ssdScanForward, ssdScanForwardScratchBytes } from '../ssd-scan-forward';
export { ssdScanBackward, ssdScanBackwardScratchBytes } from '../ssd-scan-backward';

export function ssdScanArgsBytes(): usize {
  return offsetof<SsdScanArgs>();
}
