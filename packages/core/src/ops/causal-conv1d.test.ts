import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import '../kernels/register-all.js';
import { convHeapModule } from '../kernels/wasm/causal-conv1d-wasm.js';
import { CausalConv1d } from '../layers/causal-conv1d.js';
import { causalConv1dComposite } from '../layers/causal-conv1d-composite.js';
import { useBackend } from '../test-support/backends.js';
import { relativeError } from '../test-support/compare.js';
import { useCpuWithoutFusedKernels } from '../test-support/cpu-without-fused-kernels.js';
import { freshSeed } from '../test-support/random-inputs.js';
import { Rng } from '../util/random.js';
import { ArgumentError } from './arg-checker.js';
import { causalConv1d, hasCausalConv1dKernel } from './causal-conv1d.js';
import type { CausalConv1dFn } from './causal-conv1d-gradient.js';

// The fused causal conv kernels against the tf-op composition CausalConv1d runs without them, on fresh
// random inputs (seed in the message; HYBRIDSSM_TEST_SEED replays one): both float32, summed in
// different orders.
const FORWARD_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 1e-4;

interface Shape {
  b: number;
  l: number;
  c: number;
  k: number;
}

// c not a multiple of 4 (the SIMD rows end in an overlapping group), c < 4 (typed-array kernels on wasm
// too), l < k, k = 1, and l past the SIMD backward's 256-row blocks.
const SHAPES: Shape[] = [
  { b: 2, l: 9, c: 8, k: 4 },
  { b: 2, l: 7, c: 6, k: 4 },
  { b: 1, l: 2, c: 5, k: 4 },
  { b: 3, l: 5, c: 3, k: 3 },
  { b: 1, l: 6, c: 4, k: 1 },
  { b: 2, l: 300, c: 13, k: 4 },
];

/** y and the gradients of Σ y·probe with respect to x, weight (and bias). */
function valueAndGrads(conv: CausalConv1dFn, x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined, probe: tf.Tensor) {
  const y = conv(x, weight, bias);
  const wrt = bias === undefined ? [x, weight] : [x, weight, bias];
  const grads = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(conv(args[0] as tf.Tensor, args[1] as tf.Tensor, args[2]), probe)))(wrt);
  return { y, grads };
}

function expectArgError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ArgumentError);
  expect(run).toThrow(message);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`causalConv1d kernels on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('serve this backend', () => {
      expect(hasCausalConv1dKernel()).toBe(true);
      if (backend === 'wasm') expect(convHeapModule(), 'run the package build').toBeDefined();
    });

    for (const s of SHAPES) {
      for (const withBias of [true, false]) {
        it(`equal the composition, forward and gradients${withBias ? '' : ', no bias'} (${JSON.stringify(s)})`, () => {
          const seed = freshSeed();
          const rng = new Rng(seed);
          const x = rng.normalTensor([s.b, s.l, s.c]);
          const weight = rng.normalTensor([s.c, 1, s.k], 0.5);
          const bias = withBias ? rng.normalTensor([s.c], 0.3) : undefined;
          const probe = rng.normalTensor([s.b, s.l, s.c]);
          const before = tf.memory().numTensors;
          const fused = valueAndGrads(causalConv1d, x, weight, bias, probe);
          const composed = valueAndGrads(causalConv1dComposite, x, weight, bias, probe);
          expect(tf.memory().numTensors - before).toBe(2 * (1 + fused.grads.length));
          expect(relativeError(fused.y.dataSync(), composed.y.dataSync()), `y, seed ${seed}`).toBeLessThan(FORWARD_TOLERANCE);
          expect(fused.grads.map((g) => g.shape)).toEqual(composed.grads.map((g) => g.shape));
          ['dx', 'dweight', 'dbias'].slice(0, fused.grads.length).forEach((name, i) => {
            const error = relativeError((fused.grads[i] as tf.Tensor).dataSync(), (composed.grads[i] as tf.Tensor).dataSync());
            expect(error, `${name}, seed ${seed}`).toBeLessThan(GRADIENT_TOLERANCE);
          });
          tf.dispose([fused.y, ...fused.grads, composed.y, ...composed.grads, x, weight, probe, ...(bias === undefined ? [] : [bias])]);
        });
      }
    }

    it('reject bad arguments with errors naming the argument and shapes', () => tf.tidy(() => {
      const x = tf.zeros([2, 5, 6]);
      expectArgError(() => causalConv1d(tf.zeros([5, 6]), tf.zeros([6, 1, 4])), /causalConv1d: argument 'x' must have rank 3 \[b,l,c\]; got rank 2 \[5,6\]/);
      expectArgError(() => causalConv1d(x, tf.zeros([5, 1, 4])), /argument 'weight' must have shape \[c,1,k\] = \[6,1,k\]; got \[5,1,4\] \(c=6 from 'x'\)/);
      expectArgError(() => causalConv1d(x, tf.zeros([6, 2, 4])), /argument 'weight' must have shape \[c,1,k\] \(a depthwise weight\); got \[6,2,4\]/);
      expectArgError(() => causalConv1d(x, tf.zeros([6, 1, 4]), tf.zeros([4])), /argument 'bias' must have shape \[c\] = \[6\]; got \[4\]/);
      expectArgError(() => causalConv1d(x, tf.zeros([6, 1, 4], 'int32')), /argument 'weight' must have dtype float32; got int32/);
    }));
  });
}

describe('CausalConv1d without the kernels (as on webgpu and tensorflow)', () => {
  it('composes tf ops, equal to the kernel on cpu; the op itself says it has no kernel there', async () => {
    await useBackend('cpu');
    const seed = freshSeed();
    const layer = new CausalConv1d({ channels: 6, kernelSize: 4 }, new Rng(seed));
    const x = new Rng(seed + 1).normalTensor([2, 7, 6]);
    const fused = layer.apply(x);
    await useCpuWithoutFusedKernels('cpu-without-fused-conv');
    expect(hasCausalConv1dKernel()).toBe(false);
    const composed = layer.apply(x);
    expect(relativeError(composed.dataSync(), fused.dataSync()), `seed ${seed}`).toBeLessThan(FORWARD_TOLERANCE);
    expectArgError(() => causalConv1d(x, layer.weight), /no fused causal conv kernel is registered for backend 'cpu-without-fused-conv'/);
    tf.dispose([x, fused, composed]);
    layer.dispose();
    await useBackend('cpu');
  });
});
