/**
 * The counter-based draws of dropout masks: element i of a mask keeps its value when the top 24 bits
 * of pcg(pcg(i) ^ pcg(seed)) are at least rate · 2²⁴. PCG's output permutation as a hash (Jarzynski &
 * Olano, "Hash Functions for GPU Rendering", JCGT 2020): in 32-bit integer arithmetic, so JavaScript
 * and WGSL draw the same bits for the same (seed, i), and any element can be drawn on its own.
 */
export function pcgHash(v: number): number {
  const state = (Math.imul(v, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The draw of element `index` of a mask whose seed hashes to `seedHash` (pcgHash(seed)). */
export function dropoutBits(seedHash: number, index: number): number {
  return pcgHash((pcgHash(index) ^ seedHash) >>> 0);
}

/** A mask's parameters: the seed's hash, the 24-bit threshold below which an element drops, its kept value. */
export interface DropoutMaskParams {
  seedHash: number;
  threshold: number;
  /** 1 / (1 − rate) in float32 (inverted dropout) */
  scale: number;
}

export function dropoutMaskParams(rate: number, seed: number): DropoutMaskParams {
  return { seedHash: pcgHash(seed), threshold: Math.round(rate * 2 ** 24), scale: Math.fround(1 / (1 - rate)) };
}

/** Writes the mask into `out` (element i of the whole mask at out[i]). */
export function fillDropoutMask(out: Float32Array, params: DropoutMaskParams): void {
  const { seedHash, threshold, scale } = params;
  for (let i = 0; i < out.length; i++) out[i] = dropoutBits(seedHash, i) >>> 8 >= threshold ? scale : 0;
}
