import { registerCpuSelectiveScanKernels } from './cpu/selective-scan-kernel.js';

// Every fused kernel, registered for its backends when @hybridssm/core is imported (as tfjs backends
// register theirs). `impl: 'auto'` then uses them; `chunked` and `reference` stay available.
registerCpuSelectiveScanKernels(['cpu', 'wasm']);
