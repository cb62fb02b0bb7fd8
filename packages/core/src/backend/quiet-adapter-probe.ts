import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { NO_ADAPTER_REASON } from './adapter-info.js';
import type { GpuAdapterInfo } from './backend-types.js';

export type AdapterProbe = { ok: true; info: GpuAdapterInfo } | { ok: false; reason: string };

// Run in a child process: Dawn writes native warnings to stderr (e.g. lavapipe's "max…PerPipelineLayout
// artificially reduced"), which no JavaScript can silence in the process that loads it.
const PROBE_SCRIPT = `
const { create, globals } = await import(process.argv[1]);
Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter();
const info = adapter === null ? null : { vendor: adapter.info.vendor, architecture: adapter.info.architecture, description: adapter.info.description };
process.stdout.write(JSON.stringify(info));
process.exit(0);
`;

/**
 * Which WebGPU adapter Dawn would give this process, asked of a child process whose stderr is
 * discarded, so that deciding not to use WebGPU (no adapter, or only a software one for `auto`) prints
 * nothing. Dawn is loaded here only when WebGPU is then used.
 */
export function probeAdapterQuietly(): Promise<AdapterProbe> {
  let webgpuModule: string;
  try {
    // resolved from here, as this package's own import('webgpu') would (import.meta.resolve is not available under vitest)
    webgpuModule = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return Promise.resolve({ ok: false, reason: "the 'webgpu' package (Dawn) is not installed" });
  }
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '--eval', PROBE_SCRIPT, webgpuModule], { timeout: 30_000 }, (error, stdout) => {
      if (error !== null) {
        resolve({ ok: false, reason: `the 'webgpu' package (Dawn) could not start: ${error.killed ? 'timed out' : `exit code ${error.code ?? 'unknown'}`}` });
        return;
      }
      const info = JSON.parse(stdout || 'null') as { vendor: string; architecture: string; description: string } | null;
      if (info === null) {
        resolve({ ok: false, reason: NO_ADAPTER_REASON });
        return;
      }
      resolve({ ok: true, info: { ...info, software: info.architecture === 'software' } });
    });
  });
}
