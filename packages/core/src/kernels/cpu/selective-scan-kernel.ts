import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { SELECTIVE_SCAN_KERNEL_INPUTS, SelectiveScan, SelectiveScanGrad } from '../../ops/kernel-names.js';
import { output, readInputs } from '../array-backend.js';
import type { ArrayBackend } from '../array-backend.js';
import { sigmoid, softplus } from './scalar-math.js';

interface Arrays {
  u: ArrayLike<number>;
  delta: ArrayLike<number>;
  A: ArrayLike<number>;
  B: ArrayLike<number>;
  C: ArrayLike<number>;
  D: ArrayLike<number>;
  z: ArrayLike<number>;
  deltaBias: ArrayLike<number>;
  initialState: ArrayLike<number>;
}

interface Dims {
  b: number;
  l: number;
  d: number;
  n: number;
  g: number;
}

function read(inputs: Record<string, TensorInfo>, backend: ArrayBackend): { arrays: Arrays; dims: Dims } {
  const arrays: Arrays = readInputs(backend, inputs, SELECTIVE_SCAN_KERNEL_INPUTS);
  const [b, l, g, n] = (inputs.B as TensorInfo).shape as [number, number, number, number];
  const d = (inputs.u as TensorInfo).shape[2] as number;
  return { arrays, dims: { b, l, d, n, g } };
}

/**
 * Runs the recurrence of one (batch, channel) pair and keeps what the backward pass needs: dt_t in
 * `dts`, exp(dt_t A) in `decays` and h_t in `states` (both [l·n]), so the backward pass never builds a
 * [b,l,d,n] tensor and computes each exponential once.
 */
function scanChannel(
  a: Arrays, dims: Dims, bi: number, c: number, soft: boolean, states: Float32Array, decays: Float32Array, dts: Float32Array,
): void {
  const { l, d, n, g } = dims;
  const group = Math.floor(c / (d / g));
  let previous = bi * d * n + c * n; // offset of h_{t-1}: initialState first
  let source: ArrayLike<number> = a.initialState;
  for (let t = 0; t < l; t++) {
    const idx = (bi * l + t) * d + c;
    const raw = (a.delta[idx] as number) + (a.deltaBias[c] as number);
    const dt = soft ? softplus(raw) : raw;
    dts[t] = dt;
    const drive = dt * (a.u[idx] as number);
    const bc = ((bi * l + t) * g + group) * n;
    for (let j = 0; j < n; j++) {
      const decay = Math.exp(dt * (a.A[c * n + j] as number));
      decays[t * n + j] = decay;
      states[t * n + j] = decay * (source[previous + j] as number) + drive * (a.B[bc + j] as number);
    }
    source = states;
    previous = t * n;
  }
}

/** Forward: y = (h·C + D u) · silu(z), and the final state, in one pass per (batch, channel). */
const forwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { arrays: a, dims } = read(inputs as Record<string, TensorInfo>, backend as unknown as ArrayBackend);
  const { b, l, d, n, g } = dims;
  const soft = attrs?.deltaSoftplus !== false;
  const gated = attrs?.gated === true;
  const y = new Float32Array(b * l * d);
  const state = new Float32Array(b * d * n);
  const h = new Float64Array(n);
  const A = new Float64Array(n);
  for (let bi = 0; bi < b; bi++) {
    for (let c = 0; c < d; c++) {
      const group = Math.floor(c / (d / g));
      const stateOffset = (bi * d + c) * n;
      for (let j = 0; j < n; j++) {
        h[j] = a.initialState[stateOffset + j] as number;
        A[j] = a.A[c * n + j] as number;
      }
      const Dc = a.D[c] as number;
      const bias = a.deltaBias[c] as number;
      for (let t = 0; t < l; t++) {
        const idx = (bi * l + t) * d + c;
        const raw = (a.delta[idx] as number) + bias;
        const dt = soft ? softplus(raw) : raw;
        const u = a.u[idx] as number;
        const drive = dt * u;
        const bc = ((bi * l + t) * g + group) * n;
        let acc = Dc * u;
        for (let j = 0; j < n; j++) {
          const hj = Math.exp(dt * (A[j] as number)) * (h[j] as number) + drive * (a.B[bc + j] as number);
          h[j] = hj;
          acc += hj * (a.C[bc + j] as number);
        }
        const zv = gated ? (a.z[idx] as number) : 0;
        y[idx] = gated ? acc * zv * sigmoid(zv) : acc;
      }
      for (let j = 0; j < n; j++) state[stateOffset + j] = h[j] as number;
    }
  }
  const out = backend as unknown as ArrayBackend;
  return [output(out, [b, l, d], y), output(out, [b, d, n], state)];
};

/**
 * Backward: recomputes each channel's states (as the published CUDA kernel recomputes rather than
 * storing [b,l,d,n]), then runs the recurrence's adjoint from t = l−1 down to 0.
 */
const backwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const named = inputs as Record<string, TensorInfo>;
  const arrayBackend = backend as unknown as ArrayBackend;
  const { arrays: a, dims } = read(named, arrayBackend);
  const dy = arrayBackend.readSync((named.dy as TensorInfo).dataId);
  const dstate = arrayBackend.readSync((named.dstate as TensorInfo).dataId);
  const { b, l, d, n, g } = dims;
  const soft = attrs?.deltaSoftplus !== false;
  const gated = attrs?.gated === true;
  const grad = {
    u: new Float32Array(b * l * d),
    delta: new Float32Array(b * l * d),
    A: new Float32Array(d * n),
    B: new Float32Array(b * l * g * n),
    C: new Float32Array(b * l * g * n),
    D: new Float32Array(d),
    z: new Float32Array(gated ? b * l * d : 0),
    deltaBias: new Float32Array(d),
    initialState: new Float32Array(b * d * n),
  };
  const states = new Float32Array(l * n);
  const decays = new Float32Array(l * n);
  const dts = new Float32Array(l);
  const dh = new Float32Array(n);
  for (let bi = 0; bi < b; bi++) {
    for (let c = 0; c < d; c++) {
      scanChannel(a, dims, bi, c, soft, states, decays, dts);
      const group = Math.floor(c / (d / g));
      const stateOffset = (bi * d + c) * n;
      for (let j = 0; j < n; j++) dh[j] = dstate[stateOffset + j] as number;
      for (let t = l - 1; t >= 0; t--) {
        const idx = (bi * l + t) * d + c;
        const bc = ((bi * l + t) * g + group) * n;
        const u = a.u[idx] as number;
        const dt = dts[t] as number;
        // gate: out = y · z σ(z);  d silu(z)/dz = σ(z)(1 + z(1 − σ(z)))
        let dyPre = dy[idx] as number;
        if (gated) {
          let pre = (a.D[c] as number) * u;
          for (let j = 0; j < n; j++) pre += (states[t * n + j] as number) * (a.C[bc + j] as number);
          const zv = a.z[idx] as number;
          const s = sigmoid(zv);
          grad.z[idx] = dyPre * pre * s * (1 + zv * (1 - s));
          dyPre *= zv * s;
        }
        grad.D[c] = (grad.D[c] as number) + dyPre * u;
        let du = dyPre * (a.D[c] as number);
        let ddt = 0;
        for (let j = 0; j < n; j++) {
          const h = states[t * n + j] as number;
          const hPrev = t > 0 ? (states[(t - 1) * n + j] as number) : (a.initialState[stateOffset + j] as number);
          const Acj = a.A[c * n + j] as number;
          const Bj = a.B[bc + j] as number;
          const decay = decays[t * n + j] as number;
          grad.C[bc + j] = (grad.C[bc + j] as number) + dyPre * h;
          const g_h = (dh[j] as number) + dyPre * (a.C[bc + j] as number); // total dL/dh_t
          // h_t = exp(dt A) h_{t-1} + dt u B_t
          const dDecay = g_h * hPrev;
          ddt += dDecay * decay * Acj + g_h * u * Bj;
          grad.A[c * n + j] = (grad.A[c * n + j] as number) + dDecay * decay * dt;
          grad.B[bc + j] = (grad.B[bc + j] as number) + g_h * dt * u;
          du += g_h * dt * Bj;
          dh[j] = g_h * decay;
        }
        grad.u[idx] = du;
        const raw = (a.delta[idx] as number) + (a.deltaBias[c] as number);
        const dRaw = soft ? ddt * sigmoid(raw) : ddt;
        grad.delta[idx] = dRaw;
        grad.deltaBias[c] = (grad.deltaBias[c] as number) + dRaw;
      }
      grad.initialState.set(dh, stateOffset);
    }
  }
  return SELECTIVE_SCAN_KERNEL_INPUTS.map((name) => output(arrayBackend, [...(named[name] as TensorInfo).shape], grad[name]));
};

/** Registers the typed-array selective-scan kernels (forward and backward) for the given backends. */
export function registerCpuSelectiveScanKernels(backendNames: readonly string[] = ['cpu', 'wasm']): void {
  for (const backendName of backendNames) {
    if (tf.getKernel(SelectiveScan, backendName) !== undefined) continue;
    tf.registerKernel({ kernelName: SelectiveScan, backendName, kernelFunc: forwardKernel });
    tf.registerKernel({ kernelName: SelectiveScanGrad, backendName, kernelFunc: backwardKernel });
  }
}
