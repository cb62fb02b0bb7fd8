import { SsdScanArgs } from './kernel-args';
import { sigmoid, softplus } from './scalar-math';
import { sumLanes } from './simd-math';

// The SSD recurrence per (batch, head), with the [p,n] state vectorised over n (padded to a multiple of
// 4): H_t = exp(dt_t A) H_{t−1} + dt_t x_t ⊗ B_t takes p·n/4 f32x4 multiply-adds and one exponential.

/** dt_t of one head after the bias and the optional softplus. */
@inline
export function stepSize(a: SsdScanArgs, bi: i32, t: i32, head: i32): f32 {
  const raw = rawStepSize(a, bi, t, head);
  return a.dtSoftplus != 0 ? softplus(raw) : raw;
}

@inline
export function rawStepSize(a: SsdScanArgs, bi: i32, t: i32, head: i32): f32 {
  return load<f32>(a.dt + (<usize>((bi * a.l + t) * a.h + head) << 2)) + load<f32>(a.dtBias + (<usize>head << 2));
}

/** Byte offset of x_t (and y_t, z_t) of one head: [b,l,h,p]. */
@inline
export function rowOffset(a: SsdScanArgs, bi: i32, t: i32, head: i32): usize {
  return <usize>(((bi * a.l + t) * a.h + head) * a.p) << 2;
}

/** Byte offset of B_t (and C_t) of one head's group: [b,l,g,n]. */
@inline
export function groupOffset(a: SsdScanArgs, bi: i32, t: i32, head: i32): usize {
  return <usize>(((bi * a.l + t) * a.g + head / (a.h / a.g)) * a.n) << 2;
}

/** Byte offset of one head's [p,n] state in [b,h,p,n]. */
@inline
export function stateOffset(a: SsdScanArgs, bi: i32, head: i32): usize {
  return <usize>((bi * a.h + head) * a.p * a.n) << 2;
}

/** to = decay · from + dt · x ⊗ B, over a [p,n] state (`to` may be `from`). */
export function advance(from: usize, to: usize, decay: f32, dt: f32, x: usize, B: usize, p: i32, n: i32): void {
  const decays = f32x4.splat(decay);
  const rowBytes = <usize>n << 2;
  for (let pi = 0; pi < p; pi++) {
    const drive = f32x4.splat(dt * load<f32>(x + (<usize>pi << 2)));
    const row = <usize>pi * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 16) {
      v128.store(to + row + o, f32x4.add(f32x4.mul(decays, v128.load(from + row + o)), f32x4.mul(drive, v128.load(B + o))));
    }
  }
}

/** H[row] · C over the n state entries. */
@inline
export function readOut(row: usize, C: usize, n: i32): f32 {
  let sum = f32x4.splat(0);
  for (let o: usize = 0; o < (<usize>n << 2); o += 16) sum = f32x4.add(sum, f32x4.mul(v128.load(row + o), v128.load(C + o)));
  return sumLanes(sum);
}

export function ssdScanForwardScratchBytes(p: i32, n: i32): usize {
  return <usize>(p * n) << 2;
}

/** Forward kernel: y_t = (H_t C_t + D x_t) · silu(z_t) [b,l,h,p] and the final state [b,h,p,n]. */
export function ssdScanForward(a: SsdScanArgs): void {
  const p = a.p, n = a.n;
  const H = a.scratch;
  const stateBytes = <usize>(p * n) << 2;
  for (let bi = 0; bi < a.b; bi++) {
    for (let head = 0; head < a.h; head++) {
      memory.copy(H, a.initialState + stateOffset(a, bi, head), stateBytes);
      const A = load<f32>(a.A + (<usize>head << 2));
      const D = load<f32>(a.D + (<usize>head << 2));
      for (let t = 0; t < a.l; t++) {
        const dt = stepSize(a, bi, t, head);
        const row = rowOffset(a, bi, t, head);
        const bc = groupOffset(a, bi, t, head);
        advance(H, H, Mathf.exp(dt * A), dt, a.x + row, a.B + bc, p, n);
        for (let pi = 0; pi < p; pi++) {
          const at = row + (<usize>pi << 2);
          let y = readOut(H + <usize>(pi * n) * 4, a.C + bc, n) + D * load<f32>(a.x + at);
          if (a.gated != 0) {
            const z = load<f32>(a.z + at);
            y *= z * sigmoid(z);
          }
          store<f32>(a.y + at, y);
        }
      }
      memory.copy(a.state + stateOffset(a, bi, head), H, stateBytes);
    }
  }
}
