import { registerCpuCausalConv1dKernels } from './cpu/causal-conv1d-kernels.js';
import { registerCpuDropoutMaskKernels } from './cpu/dropout-mask-kernel.js';
import { registerDecodeStepKernels } from './cpu/decode-step-kernels.js';
import { registerCpuScanStepKernels } from './cpu/scan-step-kernels.js';
import { registerCpuSelectiveScanKernels } from './cpu/selective-scan-kernel.js';
import { registerCpuSumRowsKernels } from './cpu/sum-rows-kernel.js';
import { registerWasmCausalConv1dKernels } from './wasm/causal-conv1d-wasm.js';
import { registerWasmDecodeStepKernels } from './wasm/decode-step-wasm.js';
import { loadScanKernels } from './wasm/scan-kernels-module.js';
import { registerWasmSelectiveScanKernels } from './wasm/selective-scan-wasm-kernel.js';
import { registerWasmSsdScanKernels } from './wasm/ssd-scan-wasm-kernel.js';
import { registerWasmSumRowsKernel } from './wasm/sum-rows-wasm.js';
import { registerWebGpuDropoutMask } from './webgpu/dropout-mask-webgpu.js';
import { registerWebGpuScanKernels } from './webgpu/register-webgpu-scan-kernels.js';

// Every fused kernel, registered for its backends when @hybridssm/core is imported (as tfjs backends
// register theirs). `impl: 'auto'` then uses them; `chunked` and `reference` stay available.
// The WebAssembly SIMD kernels serve the wasm backend, and ssdScan on cpu too; the typed-array JS
// selectiveScan kernel serves cpu (the pure-JavaScript backend), and wasm where SIMD is missing.
// Decode steps: the SIMD forward at l = 1 where it serves the scan, else the typed-array JS step kernels.
const simd = loadScanKernels();
registerCpuSelectiveScanKernels(simd === undefined ? ['cpu', 'wasm'] : ['cpu']);
if (simd !== undefined) {
  registerWasmSelectiveScanKernels(simd, ['wasm']);
  registerWasmSsdScanKernels(simd, ['cpu', 'wasm']);
}
registerCpuScanStepKernels(['cpu', 'wasm']); // skips the steps registered above
// The layers' fused decode steps (Mamba-2, attention, RMSNorm, GELU), in place on the tensors' memory:
// on wasm the Mamba-2 and attention inner loops in SIMD on tfjs's own heap (build/decode-kernels.wasm),
// otherwise typed-array JS.
registerWasmDecodeStepKernels();
registerDecodeStepKernels(['cpu', 'wasm']); // skips those registered above
// CausalConv1d's depthwise causal conv, forward and backward: SIMD on tfjs's wasm heap
// (build/conv-kernels.wasm), else typed-array JS; the layer composes tf ops on the other backends.
registerWasmCausalConv1dKernels();
registerCpuCausalConv1dKernels(['cpu', 'wasm']); // skips those registered above
// Column sums (the gradients of per-channel parameters): SIMD on the wasm heap
// (build/reduce-kernels.wasm), else typed-array JS; tf.sum on the other backends.
registerWasmSumRowsKernel();
registerCpuSumRowsKernels(['cpu', 'wasm']); // skips wasm where registered above
registerWebGpuScanKernels(); // WGSL kernels of both scans and steps on webgpu (compiled on first use)
// Dropout masks drawn where the tensor lives, the same bits on every backend (ops/dropout-mask.ts):
// typed-array JS into the tensor's storage on cpu and wasm, WGSL on webgpu.
registerCpuDropoutMaskKernels(['cpu', 'wasm']);
registerWebGpuDropoutMask();
