import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { Mlp } from '../../layers/mlp.js';
import { Rng } from '../../util/random.js';
import { tfjsWasmKernel } from './replace-wasm-kernel.js';

/** erf in float64: its Maclaurin series below 3, the continued fraction of erfc above. */
function erf64(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 3) {
    let term = a;
    let sum = a;
    for (let n = 1; n < 200; n++) {
      term *= (-a * a) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-18 * Math.abs(sum)) break;
    }
    r = (sum * 2) / Math.sqrt(Math.PI);
  } else {
    let f = 0;
    for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  }
  return x < 0 ? -r : r;
}

const OPS = [
  { name: 'Exp', op: tf.exp, ref: Math.exp, grad: Math.exp },
  { name: 'Tanh', op: tf.tanh, ref: Math.tanh, grad: (x: number) => 1 - Math.tanh(x) ** 2 },
  { name: 'Erf', op: tf.erf, ref: erf64, grad: (x: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) },
] as const;

/**
 * 1,001 values (not a multiple of four: the tail path), seeded, in fours of one scale each: ±0.25 (every
 * lane in the series: the kernels' early return), ±1 (lanes on both sides of the switch), ±10, ±100.
 */
function inputs(seed: number): Float32Array {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return Float32Array.from({ length: 1001 }, (_, i) => next() * [0.25, 1, 10, 100][(i >> 2) % 4]!);
}

/** Relative error of float32 `actual` against float64 `expected` rounded to float32 (0 where both are the same ∞). */
function relativeError(actual: number, expected: number): number {
  const rounded = Math.fround(expected);
  if (actual === rounded) return 0;
  return Math.abs(actual - rounded) / Math.max(Math.abs(rounded), 1e-30);
}

describe('wasm Exp, Tanh and Erf (SIMD on the heap)', () => {
  beforeAll(() => initBackend('wasm'));

  it("replace tfjs-backend-wasm's kernels", () => {
    for (const { name } of OPS) expect(tfjsWasmKernel(name), name).toBeDefined();
  });

  for (const { name, op, ref } of OPS) {
    it(`${name} is within 5e-7 of float64 on fresh inputs, keeping no tensor`, () => {
      const before = tf.memory().numTensors;
      const xs = inputs(name.length * 7919 + Date.now());
      const ys = tf.tidy(() => op(tf.tensor1d(xs)).dataSync());
      let worst = 0;
      xs.forEach((x, i) => {
        const expected = ref(x);
        // exp below −87.3 is 0 (float32's normal range ends there; the true value is under 1.22e-38)
        if (name === 'Exp' && x < -87.3) expect(ys[i]).toBe(0);
        else worst = Math.max(worst, relativeError(ys[i] as number, expected));
      });
      expect(worst).toBeLessThan(5e-7);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('keep ±0, ±∞ and NaN as float32 does', () => {
    const special = tf.tensor1d([0, -0, Infinity, -Infinity, NaN, 88.8, -1e-30]);
    const exp = tf.exp(special).dataSync();
    expect(Array.from(exp.slice(0, 6))).toEqual([1, 1, Infinity, 0, NaN, Infinity]);
    for (const op of [tf.tanh, tf.erf]) {
      const y = op(special).dataSync();
      expect(Object.is(y[0], 0) && Object.is(y[1], -0)).toBe(true);
      expect(Array.from(y.slice(2, 5))).toEqual([1, -1, NaN]);
      expect(y[6]).toBeLessThan(0);
    }
    tf.dispose(special);
  });

  for (const { name, op, grad } of OPS) {
    // tfjs's tanh gradient, 1 − y², cancels where |y| → 1 (at x = 4, 3e-7 in y is 5e-4 in 1 − y²): the
    // gradient standard (1e-3 relative) applies
    it(`${name}'s gradient (tfjs's, built on these kernels) is within 1e-3 of float64`, () => {
      const xs = Float32Array.from({ length: 257 }, (_, i) => -4 + (8 * i) / 256);
      const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(op(x)))(tf.tensor1d(xs)).dataSync());
      xs.forEach((x, i) => expect(relativeError(g[i] as number, grad(x)), `${name}' at ${x}`).toBeLessThan(1e-3));
    });
  }

  it("give a GELU MLP's loss and gradients within 1e-5 of tfjs's own kernels", () => {
    const swap = (use: 'tfjs' | 'ours', ours: Map<string, tf.KernelConfig>) => {
      for (const { name } of OPS) {
        const config = use === 'ours' ? (ours.get(name) as tf.KernelConfig) : (tfjsWasmKernel(name) as tf.KernelConfig);
        tf.unregisterKernel(name, 'wasm');
        tf.registerKernel({ ...config, kernelName: name, backendName: 'wasm' });
      }
    };
    const ours = new Map(OPS.map(({ name }) => [name, tf.getKernel(name, 'wasm') as tf.KernelConfig]));
    const mlp = new Mlp({ dModel: 16, activation: 'gelu' }, new Rng(3));
    const x = new Rng(4).normalTensor([64, 16]);
    const run = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(mlp.apply(x))) as tf.Scalar);
        return { loss: value.dataSync()[0] as number, grads: Object.values(grads).map((g) => Array.from(g.dataSync())) };
      });
    try {
      swap('tfjs', ours);
      const reference = run();
      swap('ours', ours);
      const measured = run();
      expect(Math.abs(measured.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
      measured.grads.forEach((g, i) => {
        const r = reference.grads[i] as number[];
        const diff = Math.sqrt(g.reduce((sum, v, j) => sum + (v - (r[j] as number)) ** 2, 0) / r.reduce((sum, v) => sum + v * v, 0));
        expect(diff).toBeLessThan(1e-5);
      });
    } finally {
      swap('ours', ours);
      mlp.dispose();
      x.dispose();
    }
  });
});
