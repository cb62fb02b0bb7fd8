const { fround } = Math;

/**
 * Squared distance between two points in float32 arithmetic, rounding after every operation and summing
 * (dx² + dy²) + dz², exactly as the WebAssembly SIMD kernels (assembly/cloud-layout.ts) do, so that the
 * typed-array loops and the kernels break near-ties identically.
 */
export function squaredDistanceF32(x: number, y: number, z: number, cx: number, cy: number, cz: number): number {
  const dx = fround(x - cx);
  const dy = fround(y - cy);
  const dz = fround(z - cz);
  return fround(fround(fround(dx * dx) + fround(dy * dy)) + fround(dz * dz));
}
