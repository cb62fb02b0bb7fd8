import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { AttentionDecodeStep, Mamba2DecodeStep } from '../../ops/decode-kernel-names.js';
import {
  attentionDecodeStep, convolveStep, gatedRmsNormStep, headDecay, mamba2DecodeStep, mamba2Operands, rope, scratchOf,
} from '../cpu/decode-step-kernels.js';
import type { AttentionAttrs, Named } from '../cpu/decode-step-kernels.js';
import { heapModuleLoader, instantiateOnHeap } from './heap-module-file.js';

/**
 * The wasm backend's fused decode kernels with their inner loops in WebAssembly SIMD
 * (assembly/decode/index.ts → build/decode-kernels.wasm). That module imports tfjs-backend-wasm's own
 * heap as its memory, so it works on the tensors where they lie: attention reads the KV cache and the
 * SSD step updates the state in place, with no copy into another module's memory (the scan kernels'
 * module has its own memory and copies every input in and every output out — for a decode step that
 * copy of the state or of the whole KV cache would cost more than the arithmetic). The rest of each
 * kernel (conv window, RoPE, gating, norm: O(width) per token) is the typed-array code of
 * kernels/cpu/decode-step-kernels.ts on views of the same heap. Shapes whose rows are not whole f32x4
 * vectors (head dim or d_state not a multiple of 4) run the typed-array kernels.
 */

/** The exports of build/decode-kernels.wasm; pointers are byte offsets into tfjs-backend-wasm's heap. */
interface DecodeSimd {
  attentionHead(q: number, keys: number, values: number, hd: number, len: number, scale: number, scores: number, partial: number, out: number): void;
  ssdHeadStep(state: number, x: number, B: number, C: number, p: number, n: number, dt: number, decay: number, skip: number, y: number): void;
}

/** The parts of BackendWasm used here. */
interface WasmBackend {
  wasm: { asm: { memory: { buffer: ArrayBuffer } }; _malloc(bytes: number): number; HEAPF32: Float32Array };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  getMemoryOffset(dataId: object): number;
}

/** The compiled module, or undefined where it is missing (package not rebuilt) or this engine lacks SIMD. */
export const decodeSimdModule = heapModuleLoader('decode-kernels.wasm', 'fallback');

/** Per tfjs-backend-wasm instance: the module instantiated on its heap, and scratch allocated in that heap. */
interface Binding {
  simd: DecodeSimd;
  scratch: { offset: number; bytes: number };
}

const bindings = new WeakMap<object, Binding | null>();

/**
 * The module on this backend's heap, or undefined where it cannot be bound (a tfjs-backend-wasm build
 * whose heap is a shared memory, as its multi-threaded build has, or without an exported memory): the
 * typed-array kernels then serve.
 */
function bind(backend: WasmBackend, module: object): Binding | undefined {
  let binding = bindings.get(backend);
  if (binding === undefined) {
    try {
      const simd = instantiateOnHeap(module, backend.wasm.asm.memory) as DecodeSimd;
      binding = { simd, scratch: { offset: 0, bytes: 0 } };
    } catch {
      binding = null;
    }
    bindings.set(backend, binding);
  }
  return binding ?? undefined;
}

/**
 * A 16-byte-aligned scratch region of at least `bytes` in the backend's heap (kept between calls and
 * grown when too small; the old region is returned to the heap). Allocating may grow the heap: take
 * views afterwards.
 */
function scratchBytes(backend: WasmBackend, binding: Binding, bytes: number): number {
  if (binding.scratch.bytes < bytes) {
    const size = Math.max(bytes, 2 * binding.scratch.bytes) + 16;
    if (binding.scratch.bytes > 0) (backend.wasm as unknown as { _free(p: number): void })._free(binding.scratch.offset);
    binding.scratch = { offset: backend.wasm._malloc(size) >>> 0, bytes: size - 16 };
  }
  return Math.ceil(binding.scratch.offset / 16) * 16;
}

function attentionKernel(module: object): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const named = args.inputs as unknown as Named;
    const keysInfo = named.keys as TensorInfo;
    const [, , capacity, hd] = keysInfo.shape as [number, number, number, number];
    if (hd % 4 !== 0) return attentionDecodeStep(args);
    const { position, numHeads: h, numKvHeads: kvh, ropeBase } = args.attrs as unknown as AttentionAttrs;
    if (position >= capacity) throw new Error(`${AttentionDecodeStep}: position ${position} is past the cache's capacity ${capacity}`);
    const qkvInfo = named.qkv as TensorInfo;
    const [b, width] = qkvInfo.shape as [number, number];
    const len = position + 1;
    const binding = bind(backend, module);
    if (binding === undefined) return attentionDecodeStep(args);
    const out = backend.makeOutput([b, h * hd], 'float32');
    // scratch: the rotated queries (h·hd), the scores (len, rounded up to whole vectors), a partial sum (hd)
    const scoresFloats = Math.ceil(len / 4) * 4;
    const base = scratchBytes(backend, binding, 4 * (h * hd + scoresFloats + hd));
    const qPtr = base;
    const scoresPtr = qPtr + 4 * h * hd;
    const partialPtr = scoresPtr + 4 * scoresFloats;
    // views after the allocations
    const heap = new Float32Array(backend.wasm.asm.memory.buffer);
    const qkv = heap.subarray(backend.getMemoryOffset(qkvInfo.dataId) / 4);
    const keysPtr = backend.getMemoryOffset(keysInfo.dataId);
    const valuesPtr = backend.getMemoryOffset((named.values as TensorInfo).dataId);
    const outPtr = backend.getMemoryOffset(out.dataId);
    const keys = heap.subarray(keysPtr / 4);
    const values = heap.subarray(valuesPtr / 4);
    const q = heap.subarray(qPtr / 4, qPtr / 4 + h * hd);
    const scale = 1 / Math.sqrt(hd);
    const group = h / kvh;
    for (let bi = 0; bi < b; bi++) {
      const row = bi * width;
      const kIn = row + h * hd;
      const vIn = kIn + kvh * hd;
      for (let head = 0; head < kvh; head++) {
        const slot = ((bi * kvh + head) * capacity + position) * hd;
        if (ropeBase > 0) rope(qkv, kIn + head * hd, keys, slot, hd, position, ropeBase);
        else keys.set(qkv.subarray(kIn + head * hd, kIn + (head + 1) * hd), slot);
        values.set(qkv.subarray(vIn + head * hd, vIn + (head + 1) * hd), slot);
      }
      for (let head = 0; head < h; head++) {
        if (ropeBase > 0) rope(qkv, row + head * hd, q, head * hd, hd, position, ropeBase);
        else q.set(qkv.subarray(row + head * hd, row + (head + 1) * hd), head * hd);
      }
      for (let head = 0; head < h; head++) {
        const cached = 4 * (bi * kvh + Math.floor(head / group)) * capacity * hd;
        binding.simd.attentionHead(
          qPtr + 4 * head * hd, keysPtr + cached, valuesPtr + cached, hd, len, scale, scoresPtr, partialPtr, outPtr + 4 * (bi * h + head) * hd,
        );
      }
    }
    return out;
  };
}

function mamba2Kernel(module: object): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const attrs = args.attrs as unknown as { dState: number };
    const binding = attrs.dState % 4 === 0 ? bind(backend, module) : undefined;
    if (binding === undefined) return mamba2DecodeStep(args);
    let base = 0;
    const [, , convDim] = ((args.inputs as unknown as Named).convWindow as TensorInfo).shape as [number, number, number];
    const o = mamba2Operands(args.inputs, backend, args.attrs, () => {
      // scratch: the activated xBC (convDim floats) and the SSD output (dInner ≤ convDim floats)
      base = scratchBytes(backend, binding, 4 * 2 * convDim);
    });
    const { nheads: h, headdim: p, dState: n, ngroups: g, b, width, k, dInner, zx } = o;
    const heap = new Float32Array(backend.wasm.asm.memory.buffer);
    const xbc = heap.subarray(base / 4, base / 4 + convDim);
    const ysPtr = base + 4 * convDim;
    const ys = heap.subarray(ysPtr / 4, ysPtr / 4 + dInner);
    const statePtr = o.state.byteOffset;
    const normWork = scratchOf(dInner);
    const headsPerGroup = h / g;
    for (let bi = 0; bi < b; bi++) {
      const row = bi * width;
      convolveStep(zx, row + dInner, o.window, bi * (k - 1) * convDim, o.weight, o.bias, k, convDim, xbc, 0);
      for (let head = 0; head < h; head++) {
        const { dt, decay } = headDecay(zx[row + dInner + convDim + head] as number, o.dtBias[head] as number, o.ALog[head] as number);
        const group = Math.floor(head / headsPerGroup);
        binding.simd.ssdHeadStep(
          statePtr + 4 * (bi * h + head) * p * n, base + 4 * head * p, base + 4 * (dInner + group * n), base + 4 * (dInner + (g + group) * n),
          p, n, dt, decay, o.D[head] as number, ysPtr + 4 * head * p,
        );
      }
      gatedRmsNormStep(ys, 0, zx, row, o.normWeight, dInner, o.normGroupSize, o.eps, normWork, o.y, bi * dInner);
    }
    return o.out;
  };
}

/**
 * Registers the SIMD forms of the Mamba-2 and attention decode kernels for the wasm backend, where the
 * module is built and validates; returns whether it did (elsewhere the typed-array kernels serve wasm).
 */
export function registerWasmDecodeStepKernels(): boolean {
  const module = decodeSimdModule();
  if (module === undefined) return false;
  for (const [kernelName, kernelFunc] of [[AttentionDecodeStep, attentionKernel(module)], [Mamba2DecodeStep, mamba2Kernel(module)]] as const) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  return true;
}
