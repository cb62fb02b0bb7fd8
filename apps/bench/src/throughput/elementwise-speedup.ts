import * as tf from '@tensorflow/tfjs';
import { Rng, tfjsWasmKernel } from '@hybridssm/core';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** One elementwise kernel call to time: tfjs-backend-wasm's kernel against ours. */
export interface ElementwiseCase {
  kernel: 'Exp' | 'Tanh' | 'Erf' | 'Reverse';
  shape: number[];
  attrs: NamedAttrMap;
  /** where the models call it */
  use: string;
}

/** A GELU-sized activation (an MLP's hidden layer of the small Dimba: 32 images × 49 patches × 256) and a Dimba patch sequence. */
export const ELEMENTWISE_CASES: ElementwiseCase[] = [
  { kernel: 'Exp', shape: [1568, 256], attrs: {}, use: "GELU's gradient (φ), Mamba's discretisation" },
  { kernel: 'Tanh', shape: [1568, 256], attrs: {}, use: "DiT/Dimba's tanh-GELU" },
  { kernel: 'Erf', shape: [1568, 256], attrs: {}, use: 'exact GELU, forward and gradient (every MLP of the LM, forecasting and point-cloud models)' },
  { kernel: 'Reverse', shape: [32, 49, 256], attrs: { dims: [1] }, use: "the backward scan of DiM's and Dimba's bidirectional Mamba" },
];

export interface ElementwiseRow {
  kernel: ElementwiseCase['kernel'];
  shape: number[];
  use: string;
  tfjsMs: number;
  oursMs: number;
  /** tfjsMs / oursMs */
  speedup: number;
}

function callKernel(kernel: KernelConfig, x: tf.Tensor, attrs: NamedAttrMap): void {
  const backend = tf.backend();
  const out = kernel.kernelFunc({ inputs: { x }, backend, attrs }) as TensorInfo;
  backend.disposeData(out.dataId);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * ms per call of tfjs-backend-wasm's kernel and of ours on one input (normal values, seeded), calls
 * alternating after one warm-up call each, on the wasm backend as `initBackend('wasm')` sets it up: the
 * median of `rounds` calls (the benchmark's table), or the fastest (bench:ci: our sub-millisecond calls
 * move by 2–4× in bursts of contention, and the fastest call is the kernel's own cost).
 */
export function measureElementwise(c: ElementwiseCase, rounds: number, statistic: 'median' | 'fastest' = 'median'): ElementwiseRow {
  const tfjs = tfjsWasmKernel(c.kernel);
  const ours = tf.getKernel(c.kernel, 'wasm');
  if (tf.getBackend() !== 'wasm' || tfjs === undefined || ours === undefined) {
    throw new Error(`the elementwise kernels are timed on the wasm backend with ours installed (initBackend('wasm')); backend is ${tf.getBackend()}`);
  }
  const x = new Rng(11).normalTensor(c.shape);
  const times: Record<'tfjs' | 'ours', number[]> = { tfjs: [], ours: [] };
  for (let round = -1; round < rounds; round++) {
    for (const [side, kernel] of [['tfjs', tfjs], ['ours', ours]] as const) {
      const started = performance.now();
      callKernel(kernel, x, c.attrs);
      if (round >= 0) times[side].push(performance.now() - started);
    }
  }
  x.dispose();
  const summary = statistic === 'median' ? median : (xs: number[]) => Math.min(...xs);
  const tfjsMs = summary(times.tfjs);
  const oursMs = summary(times.ours);
  return { kernel: c.kernel, shape: c.shape, use: c.use, tfjsMs, oursMs, speedup: tfjsMs / oursMs };
}
