import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { GOLDENS_PATH } from '../test-support/goldens.js';
import { goldenSuite } from '../test-support/golden-suite.js';
import { useBackend } from '../test-support/backends.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`scan goldens on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    goldenSuite(['reference', 'chunked']);
  });
}

// The project's own goldens live in ../shared (beside the repository) where the project machines have it.
const sharedGoldens = fileURLToPath(new URL('../../../../../shared/goldens/scan_goldens.json', import.meta.url));
it.skipIf(!existsSync(sharedGoldens))('the committed goldens are a byte-identical copy of ../shared/goldens', () => {
  expect(readFileSync(GOLDENS_PATH).equals(readFileSync(sharedGoldens))).toBe(true);
});
