import type { GpuAdapterInfo } from './backend-types.js';

export interface AdapterLike {
  info: { vendor: string; architecture: string; description: string };
}

export function readAdapterInfo(adapter: AdapterLike): GpuAdapterInfo {
  // The fields are getters: copy them one by one (JSON.stringify(info) shows nothing).
  const { vendor, architecture, description } = adapter.info;
  return { vendor, architecture, description, software: architecture === 'software' };
}

export function describeAdapter(info: GpuAdapterInfo): string {
  return [info.vendor, info.architecture, info.description].filter((s) => s !== '').join(' / ');
}

export const NO_ADAPTER_REASON = 'no WebGPU adapter (no Vulkan driver found; for a software adapter install mesa-vulkan-drivers, see README)';
