import { beforeAll, describe } from 'vitest';
import { registerWebGpuScanKernels } from './register-webgpu-scan-kernels.js';
import { useBackend, webgpuForTests } from '../../test-support/backends.js';
import { stepKernelSuite } from '../../test-support/step-suite.js';

// Runs on any WebGPU adapter (Mesa lavapipe on CPU machines); skipped without one unless
// HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const available = await webgpuForTests();
registerWebGpuScanKernels();

describe.skipIf(!available)(`WGSL decode-step kernels on webgpu${available ? '' : ' (skipped: no WebGPU adapter)'}`, () => {
  beforeAll(() => useBackend('webgpu'));
  stepKernelSuite();
});
