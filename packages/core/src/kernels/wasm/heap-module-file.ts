import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

/**
 * A lazily compiled module of build/<fileName> whose memory is imported (assembly compiled with
 * --importMemory), for instantiating on tfjs-backend-wasm's heap. The loader returns undefined where
 * this engine lacks SIMD; a missing file returns undefined with `missing: 'fallback'` (its kernels then
 * run their typed-array form) and throws with `missing: 'error'`.
 */
export function heapModuleLoader(fileName: string, missing: 'fallback' | 'error'): () => object | undefined {
  // src/kernels/wasm/ and dist/kernels/wasm/ are both three levels below the package root.
  const path = fileURLToPath(new URL(`../../../build/${fileName}`, import.meta.url));
  let compiled: { module: object | undefined } | undefined;
  const compile = (): object | undefined => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      if (missing === 'fallback') return undefined;
      throw new Error(`@hybridssm/core: cannot read ${path} (${(error as Error).message}); run the package's build (pnpm build), which compiles assembly/`);
    }
    return wasm.validate(bytes) ? new wasm.Module(bytes) : undefined;
  };
  return () => {
    compiled ??= { module: compile() };
    return compiled.module;
  };
}

/** The exports of `module` instantiated on `memory` (a backend's heap). */
export function instantiateOnHeap(module: object, memory: object): unknown {
  return new wasm.Instance(module, { env: { memory } }).exports;
}
