import * as tf from '@tensorflow/tfjs';
import { ArgumentError } from '../ops/arg-checker.js';
import { BACKEND_NAMES } from './backend-types.js';
import type { BackendInfo, BackendName, ConcreteBackend, LoadResult } from './backend-types.js';
import { loadCpu, loadWasm } from './load-cpu-wasm.js';
import { loadTensorflow } from './load-tensorflow.js';
import { loadWebgpu } from './load-webgpu.js';

type Attempt = { backend: ConcreteBackend; load: () => Promise<LoadResult> };

/** What `auto` tries, in order (DESIGN.md §Backends): native GPU, hardware WebGPU, wasm, cpu. */
const AUTO_ORDER: Attempt[] = [
  { backend: 'tensorflow', load: () => loadTensorflow(true) },
  { backend: 'webgpu', load: () => loadWebgpu(false) },
  { backend: 'wasm', load: loadWasm },
  { backend: 'cpu', load: loadCpu },
];

/** What an explicit request tries: the backend itself, then the embedded ones. */
function explicitOrder(name: ConcreteBackend): Attempt[] {
  const own: Record<ConcreteBackend, Attempt> = {
    tensorflow: { backend: 'tensorflow', load: () => loadTensorflow(false) },
    webgpu: { backend: 'webgpu', load: () => loadWebgpu(true) },
    wasm: { backend: 'wasm', load: loadWasm },
    cpu: { backend: 'cpu', load: loadCpu },
  };
  const rest = (['wasm', 'cpu'] as const).filter((b) => b !== name).map((b) => own[b]);
  return [own[name], ...rest];
}

/**
 * Activates a tfjs backend by name and says, in one line, what runs and why.
 * `auto` picks the fastest that loads; a named backend that cannot load falls back to wasm (then cpu),
 * and the message says why. Throws only for a name that is not a backend.
 */
export async function initBackend(name: BackendName = 'auto'): Promise<BackendInfo> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new ArgumentError(
      `initBackend: argument 'name' must be one of ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(name)}`,
    );
  }
  const attempts = name === 'auto' ? AUTO_ORDER : explicitOrder(name);
  const skipped: string[] = [];
  for (const { backend, load } of attempts) {
    const result = await load();
    if (!result.ok) {
      skipped.push(`${backend}: ${result.reason}`);
      continue;
    }
    await tf.ready();
    const fellBack = name !== 'auto' && backend !== name;
    const why =
      name === 'auto'
        ? `auto${skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : ''}`
        : fellBack
          ? `requested ${name} could not load (${skipped.join('; ')}); using ${backend} instead`
          : 'requested';
    const info: BackendInfo = { requested: name, backend, fellBack, message: `backend: ${backend}, ${result.detail} (${why})` };
    if (result.adapter !== undefined) info.adapter = result.adapter;
    return info;
  }
  throw new Error(`initBackend: no backend could load (${skipped.join('; ')})`);
}
