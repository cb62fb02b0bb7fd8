import { SelectiveScanArgs } from './kernel-args';
import { exp4, sigmoid4, softplus4 } from './simd-math';

// Every kernel here works on blocks of 4 channels of one group, one channel per f32x4 lane: u, delta, z
// and y are contiguous in the channel axis, A and the state are stored transposed ([n,d]) so that they
// are too, and B_t, C_t (shared by the group) are splatted.

/** Bytes of the backward pass's record of one block's recurrence (see `scanBlock`). */
export function traceBytes(l: i32, n: i32): usize {
  return <usize>((l + 1) * n + l * n + 2 * l) << 4;
}

/**
 * Copies the block's n columns of A (stored transposed, [n,d]) into n contiguous vectors at `to`, so
 * that a scan reads them there at every step rather than at a stride of d floats (at d = 1024 the rows
 * are 4 KiB apart: the n loads of a step fall into one L1 set).
 */
export function loadBlockA(a: SelectiveScanArgs, c0: i32, to: usize): void {
  const At = a.At + (<usize>c0 << 2);
  const strideA = <usize>a.d << 2;
  for (let j = 0; j < a.n; j++) v128.store(to + (<usize>j << 4), v128.load(At + <usize>j * strideA));
}

/**
 * One block's recurrence: dt = softplus(delta + bias), h_t = exp(dt A) ⊙ h_{t−1} + dt u_t B_t,
 * pre_t = h_t · C_t + D u_t, y_t = pre_t · silu(z_t). Writes y and the final state where the args give
 * them (non-zero). With a `trace` (non-zero) it records, for the backward pass, h_0..h_l ([l+1,n], row 0
 * the initial state), exp(dt_t A) [l,n], dt_t [l] and pre_t [l]; `scratch` holds 2 n vectors otherwise.
 * `blockA` holds the block's A as `loadBlockA` writes it.
 */
export function scanBlock(a: SelectiveScanArgs, bi: i32, c0: i32, trace: usize, scratch: usize, blockA: usize): void {
  const l = a.l, d = a.d, n = a.n;
  const group = c0 / (d / a.g);
  const rowBytes = <usize>n << 4;
  const strideA = <usize>d << 2;
  const B = a.B, C = a.C, y = a.y, z = a.z;
  const softplus = a.deltaSoftplus != 0;
  const gated = a.gated != 0;
  const Dv = v128.load(a.D + (<usize>c0 << 2));
  const bias = v128.load(a.deltaBias + (<usize>c0 << 2));
  const traced = trace != 0;
  const states = traced ? trace : scratch;
  const decays = traced ? trace + <usize>(l + 1) * rowBytes : scratch + rowBytes;
  const dts = decays + <usize>l * rowBytes;
  const pres = dts + (<usize>l << 4);

  const initial = a.initialState + ((<usize>(bi * n) * d + c0) << 2);
  for (let j = 0; j < n; j++) v128.store(states + (<usize>j << 4), v128.load(initial + <usize>j * strideA));
  let previous = states;
  for (let t = 0; t < l; t++) {
    const idx = (<usize>((bi * l + t) * d + c0)) << 2;
    const raw = f32x4.add(v128.load(a.delta + idx), bias);
    const dt = softplus ? softplus4(raw) : raw;
    const u = v128.load(a.u + idx);
    const drive = f32x4.mul(dt, u);
    const bc = (<usize>(((bi * l + t) * a.g + group) * n)) << 2;
    const next = traced ? previous + rowBytes : previous;
    const decayRow = traced ? decays + <usize>t * rowBytes : decays;
    let pre = f32x4.mul(Dv, u);
    for (let j = 0; j < n; j++) {
      const offset = <usize>j << 4;
      const decay = exp4(f32x4.mul(dt, v128.load(blockA + offset)));
      const h = f32x4.add(f32x4.mul(decay, v128.load(previous + offset)), f32x4.mul(drive, v128.load32_splat(B + bc + (<usize>j << 2))));
      v128.store(next + offset, h);
      v128.store(decayRow + offset, decay);
      pre = f32x4.add(pre, f32x4.mul(h, v128.load32_splat(C + bc + (<usize>j << 2))));
    }
    previous = next;
    if (traced) {
      v128.store(dts + (<usize>t << 4), dt);
      v128.store(pres + (<usize>t << 4), pre);
    }
    if (y != 0) {
      let out = pre;
      if (gated) {
        const zv = v128.load(z + idx);
        out = f32x4.mul(out, f32x4.mul(zv, sigmoid4(zv)));
      }
      v128.store(y + idx, out);
    }
  }
  if (a.state != 0) {
    const final = a.state + ((<usize>(bi * n) * d + c0) << 2);
    for (let j = 0; j < n; j++) v128.store(final + <usize>j * strideA, v128.load(previous + (<usize>j << 4)));
  }
}

export function selectiveScanForwardScratchBytes(n: i32): usize {
  return <usize>(3 * n) << 4;
}

/** Forward kernel: y [b,l,d] and the final state [b,n,d]. */
export function selectiveScanForward(a: SelectiveScanArgs): void {
  const blockA = a.scratch + (<usize>(2 * a.n) << 4);
  for (let bi = 0; bi < a.b; bi++) {
    for (let c0 = 0; c0 < a.d; c0 += 4) {
      loadBlockA(a, c0, blockA);
      scanBlock(a, bi, c0, 0, a.scratch, blockA);
    }
  }
}
