import { beforeAll, describe } from 'vitest';
import { registerCpuScanStepKernels } from './scan-step-kernels.js';
import { useBackend } from '../../test-support/backends.js';
import { stepKernelSuite } from '../../test-support/step-suite.js';

registerCpuScanStepKernels(['cpu', 'wasm']);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`typed-array decode-step kernels on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    stepKernelSuite();
  });
}
