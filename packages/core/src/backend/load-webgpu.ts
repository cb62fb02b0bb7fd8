import * as tf from '@tensorflow/tfjs';
import type { GpuAdapterInfo, LoadResult } from './backend-types.js';
import { firstLine } from './first-line.js';
import { missingVulkanLoader } from './vulkan-loader.js';

interface AdapterLike {
  info: { vendor: string; architecture: string; description: string };
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** Makes `navigator.gpu` exist in Node (Dawn via the `webgpu` package), as tfjs-backend-webgpu expects. */
async function installNavigatorGpu(): Promise<GpuLike> {
  const { create, globals } = (await import('webgpu')) as unknown as {
    create: (flags: string[]) => GpuLike;
    globals: Record<string, unknown>;
  };
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) holder.navigator = { gpu };
  else Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}

function readAdapterInfo(adapter: AdapterLike): GpuAdapterInfo {
  // The fields are getters: copy them one by one (JSON.stringify(info) shows nothing).
  const { vendor, architecture, description } = adapter.info;
  return { vendor, architecture, description, software: architecture === 'software' };
}

function describeAdapter(info: GpuAdapterInfo): string {
  return [info.vendor, info.architecture, info.description].filter((s) => s !== '').join(' / ');
}

type Probe = { ok: true; info: GpuAdapterInfo } | { ok: false; reason: string };

async function probeAdapter(): Promise<Probe> {
  // Checked before Dawn loads: without the loader Dawn prints a native warning nothing here can silence.
  const noLoader = missingVulkanLoader();
  if (noLoader !== undefined) return { ok: false, reason: noLoader };
  let gpu: GpuLike;
  try {
    gpu = await installNavigatorGpu();
  } catch (error) {
    return { ok: false, reason: `the 'webgpu' package (Dawn) could not load: ${firstLine(error)}` };
  }
  const adapter = await gpu.requestAdapter();
  if (adapter === null) {
    return {
      ok: false,
      reason: 'no WebGPU adapter (no Vulkan driver found; for a software adapter install mesa-vulkan-drivers, see README)',
    };
  }
  return { ok: true, info: readAdapterInfo(adapter) };
}

// Dawn is started once per process: a second instance crashes it (a failed mutex assertion).
let adapterProbe: Promise<Probe> | undefined;

/**
 * Loads WebGPU through Dawn. Without `allowSoftware` (what `auto` asks) a software adapter such as
 * Mesa lavapipe is refused: it is correct but slower than wasm.
 */
export async function loadWebgpu(allowSoftware: boolean): Promise<LoadResult> {
  adapterProbe ??= probeAdapter();
  const probe = await adapterProbe;
  if (!probe.ok) return probe;
  const info = probe.info;
  if (info.software && !allowSoftware) {
    return { ok: false, reason: `only a software adapter (${describeAdapter(info)}); ask for --backend webgpu to use it` };
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return { ok: false, reason: "tfjs-backend-webgpu did not initialise on this adapter" };
  } catch (error) {
    return { ok: false, reason: `tfjs-backend-webgpu failed: ${firstLine(error)}` };
  }
  return { ok: true, detail: `adapter ${describeAdapter(info)}`, adapter: info };
}
