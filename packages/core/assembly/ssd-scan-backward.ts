import { SsdScanArgs } from './kernel-args';
import { sigmoid } from './scalar-math';
import { sumLanes } from './simd-math';
import { advance, groupOffset, rawStepSize, readOut, rowOffset, stateOffset, stepSize } from './ssd-scan-forward';

// Backward per (batch, head) with √l checkpointing (Chen et al. 2016): a first pass stores H every K =
// ⌈√l⌉ steps; then, chunk by chunk from the end, the chunk's K states are recomputed from its checkpoint
// and the adjoint runs through them. Memory O(√l·p·n) per call instead of O(l·p·n); one extra forward.

@inline
function checkpointInterval(l: i32): i32 {
  return <i32>Mathf.ceil(Mathf.sqrt(<f32>l));
}

/** Scratch: checkpoints, the chunk's K+1 states, dL/dH [p,n], two [n] rows, the chunk's pre-gate outputs [K,p]. */
export function ssdScanBackwardScratchBytes(l: i32, p: i32, n: i32): usize {
  const K = checkpointInterval(l);
  const chunks = (l + K - 1) / K;
  return <usize>((chunks + K + 2) * p * n + K * p + 2 * n) << 2;
}

/**
 * The adjoint of step t, given H_{t−1} (`previous`), H_t (`current`) and, if gated, the pre-gate output
 * `pre` [p]; updates dH (dL/dH_t in, dL/dH_{t−1} out) and accumulates every gradient of step t. With
 * dy the gradient of the pre-gate output and G = dH + dy ⊗ C_t (dL/dH_t in total): dC_t += dyᵀ H_t,
 * dx_t = dt G B_t + D dy, dB_t += dt Gᵀ x_t, d decay = Σ G ⊙ H_{t−1}, dA += d decay · decay · dt,
 * d dt = d decay · decay · A + B_tᵀ Gᵀ x_t.
 */
function adjointStep(a: SsdScanArgs, bi: i32, t: i32, head: i32, previous: usize, current: usize, pre: usize, dH: usize, dBt: usize, dCt: usize): void {
  const p = a.p, n = a.n;
  const rowBytes = <usize>n << 2;
  const A = load<f32>(a.A + (<usize>head << 2));
  const D = load<f32>(a.D + (<usize>head << 2));
  const raw = rawStepSize(a, bi, t, head);
  const dt = stepSize(a, bi, t, head);
  const decay = Mathf.exp(dt * A);
  const decays = f32x4.splat(decay);
  const row = rowOffset(a, bi, t, head);
  const bc = groupOffset(a, bi, t, head);
  const B = a.B + bc, C = a.C + bc;
  memory.fill(dBt, 0, rowBytes);
  memory.fill(dCt, 0, rowBytes);
  let dDecay4 = f32x4.splat(0);
  let dD: f32 = 0;
  for (let pi = 0; pi < p; pi++) {
    const at = row + (<usize>pi << 2);
    const x = load<f32>(a.x + at);
    // gate: out = pre · z σ(z);  d silu(z)/dz = σ(z)(1 + z(1 − σ(z)))
    let dPre = load<f32>(a.dy + at);
    if (a.gated != 0) {
      const z = load<f32>(a.z + at);
      const s = sigmoid(z);
      store<f32>(a.dz + at, dPre * load<f32>(pre + (<usize>pi << 2)) * s * (1 + z * (1 - s)));
      dPre *= z * s;
    }
    dD += dPre * x;
    const dPres = f32x4.splat(dPre);
    const xs = f32x4.splat(x);
    let dxSum = f32x4.splat(0);
    const offset = <usize>pi * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 16) {
      const G = f32x4.add(v128.load(dH + offset + o), f32x4.mul(dPres, v128.load(C + o)));
      v128.store(dCt + o, f32x4.add(v128.load(dCt + o), f32x4.mul(dPres, v128.load(current + offset + o))));
      dDecay4 = f32x4.add(dDecay4, f32x4.mul(G, v128.load(previous + offset + o)));
      v128.store(dBt + o, f32x4.add(v128.load(dBt + o), f32x4.mul(G, xs)));
      dxSum = f32x4.add(dxSum, f32x4.mul(G, v128.load(B + o)));
      v128.store(dH + offset + o, f32x4.mul(decays, G));
    }
    store<f32>(a.dx + at, dt * sumLanes(dxSum) + D * dPre);
  }
  const dDecay = sumLanes(dDecay4);
  const ddt = dDecay * decay * A + readOut(dBt, B, n);
  const dRaw = a.dtSoftplus != 0 ? ddt * sigmoid(raw) : ddt;
  const dtAt = <usize>((bi * a.l + t) * a.h + head) << 2;
  store<f32>(a.ddt + dtAt, dRaw);
  const dts = f32x4.splat(dt);
  for (let o: usize = 0; o < rowBytes; o += 16) {
    v128.store(a.dB + bc + o, f32x4.add(v128.load(a.dB + bc + o), f32x4.mul(dts, v128.load(dBt + o))));
    v128.store(a.dC + bc + o, f32x4.add(v128.load(a.dC + bc + o), v128.load(dCt + o)));
  }
  addTo(a.dA, head, dDecay * decay * dt);
  addTo(a.dD, head, dD);
  addTo(a.ddtBias, head, dRaw);
}

@inline
function addTo(array: usize, index: i32, value: f32): void {
  const at = array + (<usize>index << 2);
  store<f32>(at, load<f32>(at) + value);
}

/** Backward kernel: every gradient, in full (the accumulated ones are zeroed first). */
export function ssdScanBackward(a: SsdScanArgs): void {
  const l = a.l, p = a.p, n = a.n;
  const K = checkpointInterval(l);
  const stateBytes = <usize>(p * n) << 2;
  const groupRows = <usize>(a.b * l * a.g * n) << 2;
  memory.fill(a.dB, 0, groupRows);
  memory.fill(a.dC, 0, groupRows);
  memory.fill(a.dA, 0, <usize>a.h << 2);
  memory.fill(a.dD, 0, <usize>a.h << 2);
  memory.fill(a.ddtBias, 0, <usize>a.h << 2);
  const checkpoints = a.scratch;
  const states = checkpoints + <usize>((l + K - 1) / K) * stateBytes;
  const dH = states + <usize>(K + 1) * stateBytes;
  const dBt = dH + stateBytes;
  const dCt = dBt + (<usize>n << 2);
  const pres = dCt + (<usize>n << 2);
  for (let bi = 0; bi < a.b; bi++) {
    for (let head = 0; head < a.h; head++) {
      const A = load<f32>(a.A + (<usize>head << 2));
      const D = load<f32>(a.D + (<usize>head << 2));
      memory.copy(states, a.initialState + stateOffset(a, bi, head), stateBytes);
      for (let t = 0; t < l; t++) {
        if (t % K == 0) memory.copy(checkpoints + <usize>(t / K) * stateBytes, states, stateBytes);
        const dt = stepSize(a, bi, t, head);
        advance(states, states, Mathf.exp(dt * A), dt, a.x + rowOffset(a, bi, t, head), a.B + groupOffset(a, bi, t, head), p, n);
      }
      memory.copy(dH, a.dstate + stateOffset(a, bi, head), stateBytes);
      for (let t0 = ((l - 1) / K) * K; t0 >= 0; t0 -= K) {
        const t1 = min(l, t0 + K);
        memory.copy(states, checkpoints + <usize>(t0 / K) * stateBytes, stateBytes);
        for (let t = t0; t < t1; t++) {
          const dt = stepSize(a, bi, t, head);
          const row = rowOffset(a, bi, t, head);
          const bc = groupOffset(a, bi, t, head);
          const current = states + <usize>(t - t0 + 1) * stateBytes;
          advance(current - stateBytes, current, Mathf.exp(dt * A), dt, a.x + row, a.B + bc, p, n);
          if (a.gated == 0) continue;
          for (let pi = 0; pi < p; pi++) {
            const pre = readOut(current + <usize>(pi * n) * 4, a.C + bc, n) + D * load<f32>(a.x + row + (<usize>pi << 2));
            store<f32>(pres + (<usize>((t - t0) * p + pi) << 2), pre);
          }
        }
        for (let t = t1 - 1; t >= t0; t--) {
          const current = states + <usize>(t - t0 + 1) * stateBytes;
          adjointStep(a, bi, t, head, current - stateBytes, current, pres + (<usize>((t - t0) * p) << 2), dH, dBt, dCt);
        }
      }
      memory.copy(a.dinitialState + stateOffset(a, bi, head), dH, stateBytes);
    }
  }
}
