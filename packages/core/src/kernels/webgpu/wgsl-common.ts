/**
 * WGSL pieces shared by the scan programs: float32 transcendentals, the dt discretisation, the
 * checkpoint layout of the backward passes, and the on-chip reduction of the B/C gradients.
 */

/** Threads of a forward program's workgroup (one thread per independent recurrence). */
export const FORWARD_WORKGROUP = 64;

/** Largest workgroup of a backward program: its threads share one (batch, group) and reduce on chip. */
const MAX_BACKWARD_WORKGROUP = 64;

/**
 * Softplus, sigmoid and the discretisation dt = softplus(raw) (or dt = raw), with d dt / d raw.
 * softplus(x) = max(x,0) + log1p(e^−|x|): WGSL's log(1 + y) loses y's low bits for small y, so log1p
 * is 2·atanh(y/(2+y)) as its odd series (|s| ≤ 1/3 for y ≤ 1, truncation < 1e-8). Both functions use
 * e^−|x| ≤ 1 only, so nothing overflows.
 */
export function mathSnippet(softplus: boolean): string {
  return `
  fn log1pUnit(y : f32) -> f32 {
    let s = y / (2.0 + y);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 +
      s2 * (1.0 / 11.0 + s2 * (1.0 / 13.0 + s2 / 15.0)))))));
  }
  fn softplusF(x : f32) -> f32 { return max(x, 0.0) + log1pUnit(exp(-abs(x))); }
  fn sigmoidF(x : f32) -> f32 {
    let e = exp(-abs(x));
    return select(e, 1.0, x >= 0.0) / (1.0 + e);
  }
  fn discretize(raw : f32) -> f32 { return ${softplus ? 'softplusF(raw)' : 'raw'}; }
  fn discretizeGrad(raw : f32) -> f32 { return ${softplus ? 'sigmoidF(raw)' : '1.0'}; }
  // out = y · silu(z) = y z σ(z);  d silu(z) / dz = σ(z) (1 + z (1 − σ(z)))
  fn silu(z : f32) -> f32 { return z * sigmoidF(z); }
  fn siluGrad(z : f32) -> f32 { let s = sigmoidF(z); return s * (1.0 + z * (1.0 - s)); }
`;
}

/**
 * Checkpointing of the backward passes (Chen et al. 2016): a first pass stores the state every K =
 * ⌈√l⌉ steps; then each chunk of K steps, last first, recomputes its states from its checkpoint and
 * runs the adjoint through them. Per thread that is (⌈l/K⌉ + K)·n floats of scratch, O(√l·n).
 */
export function checkpointChunks(l: number): { chunk: number; chunks: number } {
  const chunk = Math.max(1, Math.ceil(Math.sqrt(l)));
  return { chunk, chunks: Math.ceil(l / chunk) };
}

/**
 * Threads of a backward workgroup: a power of two covering the `lanes` that share a reduction (at most
 * 64), and small enough that the double-buffered reduction array, 2·WG·2n floats, fits the device's
 * workgroup storage.
 */
export function backwardWorkgroupSize(lanes: number, n: number, workgroupStorageBytes: number): number {
  const budget = Math.floor(workgroupStorageBytes / 4 / (4 * n));
  if (budget < 1) throw new Error(`webgpu scan kernel: state size n=${n} exceeds the workgroup storage (${workgroupStorageBytes} bytes)`);
  let size = 1;
  while (size < lanes && size < MAX_BACKWARD_WORKGROUP && size * 2 <= budget) size *= 2;
  return size;
}

/**
 * Scratch addressing and the reduction of the B and C gradients over a workgroup. Every thread writes
 * its n contributions to dB_t and to dC_t into row `localIndex` of `red` (one of two buffers, by the
 * parity of t), one barrier, then thread i sums columns i, i+WG, … over the WG rows and writes them to
 * the output. Double buffering makes one barrier per step enough: a thread writes a buffer again two
 * steps later, after the next step's barrier, which every thread passes only after its reduction.
 * Threads address their scratch interleaved (`tid` fastest) so that neighbouring threads touch
 * neighbouring words.
 */
export function backwardSnippet(workgroup: number): string {
  return `
  const WG = ${workgroup};
  const R = 2 * N;
  var<workgroup> red : array<f32, ${2 * workgroup} * R>;

  fn scratchIndex(slot : i32, j : i32, tid : i32) -> i32 {
    return uniforms.oScratch + (slot * N + j) * uniforms.threads + tid;
  }

  fn reduceColumns(buf : i32, out : i32) {
    for (var col = i32(localIndex); col < R; col += WG) {
      var s = 0.0;
      for (var r = 0; r < WG; r++) { s += red[buf + r * R + col]; }
      result[out + col] = s;
    }
  }
`;
}

/**
 * The (batch, group, block) a backward workgroup serves, from its flattened id: declares `wgIndex`,
 * `block`, `bg`, `group`, `bi`, `owned` (false only in the padding workgroups of a reshaped dispatch)
 * and `lane`. Workgroup ids are uniform, so the loop bounds that use them stay uniform.
 */
export const BACKWARD_WORKGROUP_INDEX = `
    let wgIndex = i32(workgroupId.x + workgroupId.y * numWorkgroups.x + workgroupId.z * numWorkgroups.x * numWorkgroups.y);
    let block = wgIndex % uniforms.blocks;
    let bg = wgIndex / uniforms.blocks;
    let group = bg % uniforms.g;
    let bi = min(bg / uniforms.g, uniforms.b - 1);
    let owned = bg < uniforms.b * uniforms.g;
    let lane = block * WG + i32(localIndex);`;
