// Data movement as a module that imports its memory (`--importMemory` → build/copy-kernels.wasm),
// instantiated on tfjs-backend-wasm's heap (src/kernels/wasm/copy-runs-wasm.ts): no static data, no
// allocation (`--runtime stub`), nothing written outside the arrays it is handed.
export { copyRuns } from '../copy-runs';
