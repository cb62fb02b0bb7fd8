import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { heapBinder } from './heap-binding.js';
import { heapModuleLoader } from './heap-module-file.js';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

/** The exports of build/unary-kernels.wasm (assembly/unary/): n float32 at x → n at out. */
interface UnaryKernels {
  expArray(x: number, n: number, out: number): void;
  tanhArray(x: number, n: number, out: number): void;
  erfArray(x: number, n: number, out: number): void;
}

const unaryHeapModule = heapModuleLoader('unary-kernels.wasm', 'fallback');
const unaryOnHeap = heapBinder<UnaryKernels>(unaryHeapModule);

/** tfjs kernel → the SIMD function that replaces it. */
const REPLACEMENTS = [
  ['Exp', 'expArray'],
  ['Tanh', 'tanhArray'],
  ['Erf', 'erfArray'],
] as const satisfies readonly (readonly [string, keyof UnaryKernels])[];

function unaryKernel(original: KernelConfig, name: keyof UnaryKernels): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const binding = unaryOnHeap(args.backend);
    if (binding === undefined || x.dtype !== 'float32') return original.kernelFunc(args);
    const { backend, kernels } = binding;
    const out = backend.makeOutput([...x.shape], 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    if (n > 0) kernels[name](backend.getMemoryOffset(x.dataId), n, backend.getMemoryOffset(out.dataId));
    return out;
  };
}

/**
 * Exp, Tanh and Erf for the wasm backend in WebAssembly SIMD on its heap (assembly/unary-math.ts: float32
 * within 2.5e-7 / 3.6e-7 / 3.5e-7 of float64, ±∞, NaN and ±0 as in float32; exp is 0 below −87.3, where
 * float32's normal range ends). tfjs-backend-wasm computes them one value at a time with libm: on a
 * 2-core EPYC, unit-normal inputs, 7.8 / 18 / 17 ns a value against 2.2 / 2.4 / 5.9 here
 * (results/bench/elementwise.md; erf of values under 0.5 takes 1 ns here, 5 there). GELU (erf forward,
 * erf and exp backward) and DiT's tanh-GELU run on them. Other dtypes, and a backend without the
 * module, keep tfjs's kernels.
 */
export function overrideWasmUnaryMath(): void {
  if (unaryHeapModule() === undefined) return;
  for (const [kernelName, name] of REPLACEMENTS) replaceWasmKernel(kernelName, (original) => unaryKernel(original, name));
}
