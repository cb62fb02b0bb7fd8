import * as tf from '@tensorflow/tfjs';
import { NO_ADAPTER_REASON, describeAdapter, readAdapterInfo } from './adapter-info.js';
import type { AdapterLike } from './adapter-info.js';
import type { LoadResult } from './backend-types.js';
import { firstLine } from './first-line.js';
import { probeAdapterQuietly } from './quiet-adapter-probe.js';
import type { AdapterProbe } from './quiet-adapter-probe.js';
import { missingVulkanLoader } from './vulkan-loader.js';
import { watchWebGpuErrors } from './webgpu-device.js';
import { overrideWebGpuAddN } from '../kernels/webgpu/add-n-webgpu-kernel.js';

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

/** Dawn in this process: the adapter tfjs-backend-webgpu will use. */
async function probeAdapter(): Promise<AdapterProbe> {
  let gpu: GpuLike;
  try {
    gpu = await installNavigatorGpu();
  } catch (error) {
    return { ok: false, reason: `the 'webgpu' package (Dawn) could not load: ${firstLine(error)}` };
  }
  const adapter = await gpu.requestAdapter();
  if (adapter === null) {
    return { ok: false, reason: NO_ADAPTER_REASON };
  }
  return { ok: true, info: readAdapterInfo(adapter) };
}

/**
 * Whether WebGPU is worth loading, decided without printing anything: no Vulkan loader (then Dawn
 * would print a native warning), or the adapter a child process sees.
 */
async function quietProbe(): Promise<AdapterProbe> {
  const noLoader = missingVulkanLoader();
  if (noLoader !== undefined) return { ok: false, reason: noLoader };
  return probeAdapterQuietly();
}

let quietAdapterProbe: Promise<AdapterProbe> | undefined;
// Dawn is started once per process: a second instance crashes it (a failed mutex assertion).
let adapterProbe: Promise<AdapterProbe> | undefined;

/**
 * Loads WebGPU through Dawn. Without `allowSoftware` (what `auto` asks) a software adapter such as
 * Mesa lavapipe is refused: it is correct but slower than wasm.
 */
export async function loadWebgpu(allowSoftware: boolean): Promise<LoadResult> {
  quietAdapterProbe ??= quietProbe();
  const quiet = await quietAdapterProbe;
  if (!quiet.ok) return quiet;
  if (quiet.info.software && !allowSoftware) {
    return { ok: false, reason: `only a software adapter (${describeAdapter(quiet.info)}); ask for --backend webgpu to use it` };
  }
  adapterProbe ??= probeAdapter();
  const probe = await adapterProbe;
  if (!probe.ok) return probe;
  const info = probe.info;
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    overrideWebGpuAddN();
    if (!(await tf.setBackend('webgpu'))) return { ok: false, reason: "tfjs-backend-webgpu did not initialise on this adapter" };
    watchWebGpuErrors();
  } catch (error) {
    return { ok: false, reason: `tfjs-backend-webgpu failed: ${firstLine(error)}` };
  }
  return { ok: true, detail: `adapter ${describeAdapter(info)}`, adapter: info };
}
