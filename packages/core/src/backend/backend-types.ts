export type BackendName = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export type ConcreteBackend = Exclude<BackendName, 'auto'>;
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/** The WebGPU adapter tfjs runs on (fields read from `GPUAdapter.info`). */
export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** true for a software rasteriser such as Mesa lavapipe (llvmpipe) */
  software: boolean;
}

export interface BackendInfo {
  /** what was asked for */
  requested: BackendName;
  /** the tfjs backend now active */
  backend: ConcreteBackend;
  /** true when the requested backend could not load and another one is used */
  fellBack: boolean;
  /** one line saying what runs and why; every CLI prints it */
  message: string;
  /** set for the webgpu backend */
  adapter?: GpuAdapterInfo;
}

/** Outcome of trying to load one backend. */
export type LoadResult = { ok: true; detail: string; adapter?: GpuAdapterInfo } | { ok: false; reason: string };
