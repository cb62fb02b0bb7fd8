import { describe } from 'vitest';
import { goldenSuite } from '../test-support/golden-suite.js';
import { useBackend } from '../test-support/backends.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`scan goldens on ${backend}`, async () => {
    await useBackend(backend);
    goldenSuite(['reference', 'chunked']);
  });
}
