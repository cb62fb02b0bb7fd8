// The geometry kernels' WebAssembly module (build/geometry-kernels.wasm): plain functions on the module's
// own linear memory, called by src/geometry/geometry-wasm.ts after it copies the clouds in.
export { farthestPointSampling, farthestPointSamplingScratchBytes } from './farthest-point-sampling';
export { kNearestNeighbours, kNearestNeighboursScratchBytes } from './k-nearest-neighbours';

/** First free byte after the module's static data: where callers may place their arrays. */
export function heapBase(): usize {
  return __heap_base;
}
