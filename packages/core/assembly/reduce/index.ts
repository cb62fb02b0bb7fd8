// Reductions as a module that imports its memory (`--importMemory` → build/reduce-kernels.wasm),
// instantiated on tfjs-backend-wasm's heap (src/kernels/wasm/sum-rows-wasm.ts): no static data, no
// allocation (`--runtime stub`), nothing written outside the arrays it is handed.
export { sumRows, sumRowsScratchBytes } from '../sum-rows';
