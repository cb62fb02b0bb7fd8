import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The parts of the WebAssembly JS API used here (Node has it; TypeScript's ES2022 lib does not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

/** A WebAssembly.Memory. */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The exports of build/scan-kernels.wasm (compiled from assembly/ by the package's build): the scans and a batched matmul. */
export interface ScanKernels {
  memory: LinearMemory;
  heapBase(): number;
  selectiveScanArgsBytes(): number;
  selectiveScanForward(args: number): void;
  selectiveScanForwardScratchBytes(n: number): number;
  selectiveScanBackward(args: number): void;
  selectiveScanBackwardScratchBytes(l: number, n: number): number;
  ssdScanArgsBytes(): number;
  ssdScanChunkSteps(): number;
  ssdScanForward(args: number): void;
  ssdScanForwardScratchBytes(p: number, n: number): number;
  ssdScanBackward(args: number): void;
  ssdScanBackwardScratchBytes(l: number, h: number, p: number, n: number): number;
  matMulArgsBytes(): number;
  batchMatMul(args: number): void;
}

// src/kernels/wasm/ and dist/kernels/wasm/ are both three levels below the package root.
const MODULE_PATH = fileURLToPath(new URL('../../../build/scan-kernels.wasm', import.meta.url));

let loaded: { kernels: ScanKernels | undefined } | undefined;

/**
 * The SIMD kernels' module, instantiated once, or undefined where this WebAssembly engine has no SIMD
 * (the module then does not validate). A missing module is an error: the package's build makes it.
 */
export function loadScanKernels(): ScanKernels | undefined {
  loaded ??= { kernels: instantiate() };
  return loaded.kernels;
}

function instantiate(): ScanKernels | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(MODULE_PATH);
  } catch (error) {
    throw new Error(`@hybridssm/core: cannot read ${MODULE_PATH} (${(error as Error).message}); run the package's build (pnpm build), which compiles assembly/`);
  }
  if (!wasm.validate(bytes)) return undefined;
  return new wasm.Instance(new wasm.Module(bytes), {}).exports as ScanKernels;
}
