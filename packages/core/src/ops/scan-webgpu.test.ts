import { describe } from 'vitest';
import { goldenSuite } from '../test-support/golden-suite.js';
import { webgpuForTests } from '../test-support/backends.js';

// Runs on any WebGPU adapter; on CPU machines (CI) that is Mesa lavapipe, installed by .ci/run.
const available = await webgpuForTests();

describe.skipIf(!available)('scan goldens on webgpu', () => {
  goldenSuite(['reference', 'chunked']);
});
