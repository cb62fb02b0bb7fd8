import { SelectiveScanArgs } from './kernel-args';
import { loadBlockA, scanBlock, traceBytes } from './selective-scan-forward';
import { sigmoid4, sumLanes } from './simd-math';

/**
 * The adjoint of one block's recurrence, from t = l−1 down to 0, on the `trace` that `scanBlock`
 * recorded (the math of the JS kernel, src/kernels/cpu/selective-scan-kernel.ts, four channels a lane).
 * B and C are shared by the group's channels: their gradients are summed lane-wise into `partialB`,
 * `partialC` ([l,n] vectors), which the caller reduces once per group. A is read from `blockA`
 * (loadBlockA) and its gradient summed over time in `blockDA` (n vectors), added to dAt once.
 */
function adjointBlock(a: SelectiveScanArgs, bi: i32, c0: i32, trace: usize, dh: usize, partialB: usize, partialC: usize, blockA: usize, blockDA: usize): void {
  const l = a.l, d = a.d, n = a.n;
  const group = c0 / (d / a.g);
  const rowBytes = <usize>n << 4;
  const strideA = <usize>d << 2;
  const dAt = a.dAt + (<usize>c0 << 2);
  const B = a.B, C = a.C;
  const softplus = a.deltaSoftplus != 0;
  const gated = a.gated != 0;
  const Dv = v128.load(a.D + (<usize>c0 << 2));
  const bias = v128.load(a.deltaBias + (<usize>c0 << 2));
  const states = trace;
  const decays = trace + <usize>(l + 1) * rowBytes;
  const dts = decays + <usize>l * rowBytes;
  const pres = dts + (<usize>l << 4);

  const dstate = a.dstate + ((<usize>(bi * n) * d + c0) << 2);
  for (let j = 0; j < n; j++) v128.store(dh + (<usize>j << 4), v128.load(dstate + <usize>j * strideA));
  memory.fill(blockDA, 0, <usize>n << 4);
  let dDSum = f32x4.splat(0);
  let dBiasSum = f32x4.splat(0);
  for (let t = l - 1; t >= 0; t--) {
    const idx = (<usize>((bi * l + t) * d + c0)) << 2;
    const bc = (<usize>(((bi * l + t) * a.g + group) * n)) << 2;
    const u = v128.load(a.u + idx);
    const dt = v128.load(dts + (<usize>t << 4));
    // gate: out = pre · z σ(z);  d silu(z)/dz = σ(z)(1 + z(1 − σ(z)))
    let dPre = v128.load(a.dy + idx);
    if (gated) {
      const zv = v128.load(a.z + idx);
      const s = sigmoid4(zv);
      const dSilu = f32x4.mul(s, f32x4.add(f32x4.splat(1), f32x4.mul(zv, f32x4.sub(f32x4.splat(1), s))));
      v128.store(a.dz + idx, f32x4.mul(f32x4.mul(dPre, v128.load(pres + (<usize>t << 4))), dSilu));
      dPre = f32x4.mul(dPre, f32x4.mul(zv, s));
    }
    dDSum = f32x4.add(dDSum, f32x4.mul(dPre, u));
    let du = f32x4.mul(dPre, Dv);
    let ddt = f32x4.splat(0);
    const hRow = states + <usize>(t + 1) * rowBytes;
    const previousRow = states + <usize>t * rowBytes;
    const decayRow = decays + <usize>t * rowBytes;
    const partialBRow = partialB + <usize>t * rowBytes;
    const partialCRow = partialC + <usize>t * rowBytes;
    for (let j = 0; j < n; j++) {
      const o = <usize>j << 4;
      const Bj = v128.load32_splat(B + bc + (<usize>j << 2));
      const decay = v128.load(decayRow + o);
      v128.store(partialCRow + o, f32x4.add(v128.load(partialCRow + o), f32x4.mul(dPre, v128.load(hRow + o))));
      // g = dL/dh_t in total;  h_t = exp(dt A) h_{t−1} + dt u B_t
      const g = f32x4.add(v128.load(dh + o), f32x4.mul(dPre, v128.load32_splat(C + bc + (<usize>j << 2))));
      const dDecayArg = f32x4.mul(f32x4.mul(g, v128.load(previousRow + o)), decay); // dL/d(dt A)
      const gdt = f32x4.mul(g, dt);
      ddt = f32x4.add(ddt, f32x4.add(f32x4.mul(dDecayArg, v128.load(blockA + o)), f32x4.mul(f32x4.mul(g, u), Bj)));
      v128.store(blockDA + o, f32x4.add(v128.load(blockDA + o), f32x4.mul(dDecayArg, dt)));
      v128.store(partialBRow + o, f32x4.add(v128.load(partialBRow + o), f32x4.mul(gdt, u)));
      du = f32x4.add(du, f32x4.mul(gdt, Bj));
      v128.store(dh + o, f32x4.mul(g, decay));
    }
    v128.store(a.du + idx, du);
    const dRaw = softplus ? f32x4.mul(ddt, sigmoid4(f32x4.add(v128.load(a.delta + idx), bias))) : ddt;
    v128.store(a.ddelta + idx, dRaw);
    dBiasSum = f32x4.add(dBiasSum, dRaw);
  }
  for (let j = 0; j < n; j++) {
    const dAj = dAt + <usize>j * strideA;
    v128.store(dAj, f32x4.add(v128.load(dAj), v128.load(blockDA + (<usize>j << 4))));
  }
  const dinitial = a.dinitialState + ((<usize>(bi * n) * d + c0) << 2);
  for (let j = 0; j < n; j++) v128.store(dinitial + <usize>j * strideA, v128.load(dh + (<usize>j << 4)));
  const dD = a.dD + (<usize>c0 << 2);
  v128.store(dD, f32x4.add(v128.load(dD), dDSum));
  const dBias = a.ddeltaBias + (<usize>c0 << 2);
  v128.store(dBias, f32x4.add(v128.load(dBias), dBiasSum));
}

/** Scratch bytes the backward kernel needs. */
export function selectiveScanBackwardScratchBytes(l: i32, n: i32): usize {
  return traceBytes(l, n) + (<usize>(2 * l + 3) * n << 4);
}

/**
 * Backward kernel: per batch and group, for each 4-channel block, recompute the block's states (as the
 * published CUDA kernel recomputes rather than storing [b,l,d,n]) and run the adjoint; then reduce the
 * group's lane-wise B and C gradients. Writes every gradient in full.
 */
export function selectiveScanBackward(a: SelectiveScanArgs): void {
  const l = a.l, n = a.n, g = a.g;
  const groupWidth = a.d / g;
  memory.fill(a.dAt, 0, <usize>(n * a.d) << 2);
  memory.fill(a.dD, 0, <usize>a.d << 2);
  memory.fill(a.ddeltaBias, 0, <usize>a.d << 2);
  const trace = a.scratch;
  const partialBytes = <usize>(l * n) << 4;
  const partialB = trace + traceBytes(l, n);
  const partialC = partialB + partialBytes;
  const dh = partialC + partialBytes;
  const blockA = dh + (<usize>n << 4);
  const blockDA = blockA + (<usize>n << 4);
  for (let bi = 0; bi < a.b; bi++) {
    for (let group = 0; group < g; group++) {
      memory.fill(partialB, 0, 2 * partialBytes);
      for (let c0 = group * groupWidth; c0 < (group + 1) * groupWidth; c0 += 4) {
        loadBlockA(a, c0, blockA);
        scanBlock(a, bi, c0, trace, 0, blockA);
        adjointBlock(a, bi, c0, trace, dh, partialB, partialC, blockA, blockDA);
      }
      for (let t = 0; t < l; t++) {
        for (let j = 0; j < n; j++) {
          const lanes = <usize>(t * n + j) << 4;
          const at = (<usize>(((bi * l + t) * g + group) * n + j)) << 2;
          store<f32>(a.dB + at, sumLanes(v128.load(partialB + lanes)));
          store<f32>(a.dC + at, sumLanes(v128.load(partialC + lanes)));
        }
      }
    }
  }
}
