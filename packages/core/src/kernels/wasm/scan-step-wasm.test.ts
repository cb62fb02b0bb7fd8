import { beforeAll, describe } from 'vitest';
import { loadScanKernels } from './scan-kernels-module.js';
import { registerWasmSelectiveScanKernels } from './selective-scan-wasm-kernel.js';
import { registerWasmSsdScanKernels } from './ssd-scan-wasm-kernel.js';
import { useBackend } from '../../test-support/backends.js';
import { stepKernelSuite } from '../../test-support/step-suite.js';

const kernels = loadScanKernels();
if (kernels === undefined) throw new Error('this Node has no WebAssembly SIMD');
registerWasmSelectiveScanKernels(kernels, ['cpu', 'wasm']);
registerWasmSsdScanKernels(kernels, ['cpu', 'wasm']);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`SIMD decode-step kernels (the scans' forward at l = 1) on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    stepKernelSuite();
  });
}
