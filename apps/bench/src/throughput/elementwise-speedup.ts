import * as tf from '@tensorflow/tfjs';
import { Rng, tfjsWasmKernel } from '@hybridssm/core';
import { interleavedSpeedup } from '@hybridssm/harness';
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

/** tfjs-backend-wasm's kernel and ours for one case, on the wasm backend as `initBackend('wasm')` sets it up. */
function kernelPair(c: ElementwiseCase): { tfjs: KernelConfig; ours: KernelConfig } {
  const tfjs = tfjsWasmKernel(c.kernel);
  const ours = tf.getKernel(c.kernel, 'wasm');
  if (tf.getBackend() !== 'wasm' || tfjs === undefined || ours === undefined) {
    throw new Error(`the elementwise kernels are timed on the wasm backend with ours installed (initBackend('wasm')); backend is ${tf.getBackend()}`);
  }
  return { tfjs, ours };
}

/**
 * Median ms per call of tfjs-backend-wasm's kernel and of ours on one input (normal values, seeded),
 * calls alternating after one warm-up call each (the benchmark's table).
 */
export function measureElementwise(c: ElementwiseCase, rounds: number): ElementwiseRow {
  const { tfjs, ours } = kernelPair(c);
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
  const tfjsMs = median(times.tfjs);
  const oursMs = median(times.ours);
  return { kernel: c.kernel, shape: c.shape, use: c.use, tfjsMs, oursMs, speedup: tfjsMs / oursMs };
}

/** time(tfjs-backend-wasm's kernel)/time(ours) for one case, calls interleaved; ratio of the fastest calls (bench:ci). */
export async function measureElementwiseSpeedup(c: ElementwiseCase, rounds: number): Promise<number> {
  const { tfjs, ours } = kernelPair(c);
  const x = new Rng(11).normalTensor(c.shape);
  const speedup = await interleavedSpeedup(() => callKernel(tfjs, x, c.attrs), () => callKernel(ours, x, c.attrs), rounds);
  x.dispose();
  return speedup;
}
