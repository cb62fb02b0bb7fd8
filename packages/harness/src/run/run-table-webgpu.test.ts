import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropoutMask, initBackend, webgpuBindingLimit } from '@hybridssm/core';
import { runTable } from './run-table.js';
import { toyTable } from '../test-support/toy-table.js';

// On any WebGPU adapter (Mesa lavapipe on CPU machines, whose bindings hold 128 MiB); skipped without
// one unless HYBRIDSSM_REQUIRE_WEBGPU=1, which makes a missing adapter an error.
const backend = await initBackend('webgpu');
const available = backend.backend === 'webgpu';
if (!available && process.env.HYBRIDSSM_REQUIRE_WEBGPU === '1') throw new Error(`HYBRIDSSM_REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${backend.message}`);
const limit = webgpuBindingLimit() ?? 0;

describe.skipIf(!available || limit > 2 ** 29)('table runner on webgpu', () => {
  it('does not record a cell whose device reported an error (its results are garbage), and says so in one line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'harness-webgpu-'));
    const table = toyTable();
    const overLimit = {
      ...table,
      runCell: async (...args: Parameters<typeof table.runCell>) => {
        const overBinding = dropoutMask([limit / 4 + 1024], 0.5, 1); // one buffer over the binding limit
        await overBinding.data();
        overBinding.dispose();
        return table.runCell(...args);
      },
    };
    await expect(runTable(overLimit, { scale: 'smoke', seeds: [0], outDir: out, dataDir: out, backend, quiet: true, log: () => {} })).rejects.toThrow(
      /^toy-table1: cell linear__a-3__seed0: the webgpu device reported an error, so its results are invalid: .*binds at most/,
    );
    expect((await runTable(table, { scale: 'smoke', seeds: [0], outDir: out, dataDir: out, backend, quiet: true, log: () => {} })).ran).toBe(2);
  });
});
