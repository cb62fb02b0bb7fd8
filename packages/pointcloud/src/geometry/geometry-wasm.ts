import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PointCloudBatch } from './point-cloud-batch.js';

/** The parts of the WebAssembly JS API used here (Node has it; TypeScript's ES2022 lib does not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

/** The exports of build/geometry-kernels.wasm, compiled from assembly/ by the package's build:wasm. */
interface GeometryKernels {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  farthestPointSampling(xyz: number, batch: number, n: number, m: number, out: number, scratch: number): void;
  farthestPointSamplingScratchBytes(n: number): number;
  /** 0 when a coordinate is not finite */
  kNearestNeighbours(xyz: number, batch: number, n: number, centres: number, m: number, k: number, out: number, scratch: number): number;
  kNearestNeighboursScratchBytes(n: number, k: number): number;
}

// src/geometry/ and dist/geometry/ are both two levels below the package root.
export const GEOMETRY_KERNELS_PATH = fileURLToPath(new URL('../../build/geometry-kernels.wasm', import.meta.url));

let loaded: { kernels: GeometryKernels | undefined } | undefined;

/**
 * The WebAssembly SIMD geometry kernels, instantiated once; undefined where the module was not built
 * (pnpm build:wasm) or this engine lacks SIMD, and the typed-array loops run instead.
 */
export function loadGeometryKernels(): GeometryKernels | undefined {
  loaded ??= { kernels: instantiate() };
  return loaded.kernels;
}

function instantiate(): GeometryKernels | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(GEOMETRY_KERNELS_PATH);
  } catch {
    return undefined;
  }
  if (!wasm.validate(bytes)) return undefined;
  return new wasm.Instance(new wasm.Module(bytes), {}).exports as GeometryKernels;
}

/** Byte offsets of consecutive 16-byte-aligned regions of the given sizes, growing the memory to hold them. */
function reserve(kernels: GeometryKernels, sizes: number[]): number[] {
  const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;
  let end = align(kernels.heapBase());
  const offsets = sizes.map((size) => {
    const offset = end;
    end += align(size);
    return offset;
  });
  const missing = end - kernels.memory.buffer.byteLength;
  if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
  return offsets;
}

/** farthestPointSampling on the SIMD module (arguments already checked), or undefined without it. */
export function farthestPointSamplingWasm(clouds: PointCloudBatch, count: number): Int32Array | undefined {
  const kernels = loadGeometryKernels();
  if (kernels === undefined) return undefined;
  const { points: xyz, batch, count: n } = clouds;
  const scratchBytes = kernels.farthestPointSamplingScratchBytes(n);
  const [xyzAt, outAt, scratchAt] = reserve(kernels, [xyz.byteLength, batch * count * 4, scratchBytes]) as [number, number, number];
  new Float32Array(kernels.memory.buffer, xyzAt, xyz.length).set(xyz);
  kernels.farthestPointSampling(xyzAt, batch, n, count, outAt, scratchAt);
  return new Int32Array(kernels.memory.buffer, outAt, batch * count).slice();
}

/**
 * kNearestNeighbours on the SIMD module (shapes already checked), undefined without it, or null when a
 * coordinate of the clouds or the centres is not finite (the kernel checks as it reads them).
 */
export function kNearestNeighboursWasm(clouds: PointCloudBatch, centres: PointCloudBatch, k: number): Int32Array | null | undefined {
  const kernels = loadGeometryKernels();
  if (kernels === undefined) return undefined;
  const { points: xyz, batch, count: n } = clouds;
  const m = centres.count;
  const [xyzAt, centresAt, outAt, scratchAt] = reserve(kernels, [
    xyz.byteLength,
    centres.points.byteLength,
    batch * m * k * 4,
    kernels.kNearestNeighboursScratchBytes(n, k),
  ]) as [number, number, number, number];
  new Float32Array(kernels.memory.buffer, xyzAt, xyz.length).set(xyz);
  new Float32Array(kernels.memory.buffer, centresAt, centres.points.length).set(centres.points);
  if (!kernels.kNearestNeighbours(xyzAt, batch, n, centresAt, m, k, outAt, scratchAt)) return null;
  return new Int32Array(kernels.memory.buffer, outAt, batch * m * k).slice();
}
