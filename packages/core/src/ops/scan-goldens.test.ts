import { describe } from 'vitest';
import { goldenSuite } from '../test-support/golden-suite.js';
import { useBackend } from '../test-support/backends.js';

describe('scan goldens on cpu', async () => {
  await useBackend('cpu');
  goldenSuite(['reference', 'chunked']);
});
