import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HybridStack } from './hybrid-stack.js';
import type { HybridStackConfig } from './hybrid-stack.js';
import { checkpointApply } from './recompute.js';
import { Mamba2 } from '../layers/mamba2.js';
import { AdamW } from '../train/adamw.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { relativeError } from '../test-support/compare.js';

// The recomputed backward runs the same kernels as the recorded one; only the order in which gradient
// contributions are summed differs. Stated tolerance: 1e-5 relative to each tensor's scale.
const TOLERANCE = 1e-5;
const B = 2;
const L = 9;
const D = 16;

const LAYERS = {
  mamba2: { dState: 8, headdim: 8, expand: 2, chunkSize: 4 },
  attention: { numHeads: 2 },
  mlp: { hidden: 32 },
} as const;

/** The three architectures of the issue-15 benchmark, in miniature. */
const PATTERNS = { mamba2: 'MM', hybrid: 'M-M*', transformer: '*-*-' } as const;

interface Pass {
  output: Float32Array;
  dx: Float32Array;
  grads: Map<string, Float32Array>;
}

/** Output and the gradients of Σ stack(x)·probe with respect to x and every parameter. */
function pass(stack: HybridStack, x: tf.Tensor, probe: tf.Tensor, ctx?: { context: tf.Tensor; contextMask?: tf.Tensor }): Pass {
  const params = stack.parameters();
  const names = new Map([...params].map(([name, v]) => [v.name, name]));
  const input = tf.variable(x, true, `x-${Math.random()}`);
  const { value, grads } = tf.variableGrads(() => {
    const y = stack.apply(input, ctx);
    return tf.sum(tf.mul(y, probe)) as tf.Scalar;
  }, [input, ...params.values()]);
  const output = stack.apply(x, ctx);
  const result: Pass = { output: output.dataSync() as Float32Array, dx: (grads[input.name] as tf.Tensor).dataSync() as Float32Array, grads: new Map() };
  for (const [variableName, grad] of Object.entries(grads)) {
    if (variableName !== input.name) result.grads.set(names.get(variableName) as string, grad.dataSync() as Float32Array);
  }
  tf.dispose([value, output, input, ...Object.values(grads)]);
  return result;
}

function expectSameGradients(label: string, plain: Pass, recomputed: Pass, parameterNames: string[]): void {
  expect(relativeError(recomputed.output, plain.output), `${label}: output`).toBeLessThan(TOLERANCE);
  expect(relativeError(recomputed.dx, plain.dx), `${label}: d/dx`).toBeLessThan(TOLERANCE);
  expect([...recomputed.grads.keys()].sort(), `${label}: parameters with a gradient`).toEqual([...parameterNames].sort());
  for (const [name, grad] of plain.grads) {
    expect(relativeError(recomputed.grads.get(name) as Float32Array, grad), `${label}: d/d ${name}`).toBeLessThan(TOLERANCE);
  }
}

function twins(config: HybridStackConfig): [HybridStack, HybridStack] {
  return [new HybridStack(config, new Rng(7)), new HybridStack({ ...config, checkpoint: true }, new Rng(7))];
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`activation recomputation (checkpoint) on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    for (const [name, pattern] of Object.entries(PATTERNS)) {
      it(`${name} '${pattern}': same output and the same gradient for x and every parameter, without leaks`, () => {
        const [plain, recomputed] = twins({ dModel: D, pattern, layers: LAYERS });
        expect(recomputed.checkpointed()).toEqual([...pattern].map(() => true));
        const rng = new Rng(11);
        const x = rng.normalTensor([B, L, D]);
        const probe = rng.normalTensor([B, L, D]);
        const reference = pass(plain, x, probe);
        const before = tf.memory().numTensors;
        const result = pass(recomputed, x, probe);
        expect(tf.memory().numTensors).toBe(before);
        expectSameGradients(pattern, reference, result, [...plain.parameters().keys()]);
        tf.dispose([x, probe]);
        plain.dispose();
        recomputed.dispose();
      });
    }

    it('an AdamW update from recomputed gradients moves every parameter as the plain one does', () => {
      const [plain, recomputed] = twins({ dModel: D, pattern: PATTERNS.hybrid, layers: LAYERS });
      const rng = new Rng(12);
      const x = rng.normalTensor([B, L, D]);
      const target = rng.normalTensor([B, L, D]);
      const update = (stack: HybridStack) => {
        const params = stack.parameters();
        const names = new Map([...params].map(([n, v]) => [v.name, n]));
        const optimizer = new AdamW(params, { learningRate: 1e-2 });
        const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(target, stack.apply(x)) as tf.Scalar, [...params.values()]);
        optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [names.get(k) as string, g])));
        tf.dispose([value, ...Object.values(grads)]);
        optimizer.dispose();
        return new Map([...params].map(([n, v]) => [n, v.dataSync() as Float32Array]));
      };
      const initial = new Map([...plain.parameters()].map(([n, v]) => [n, v.dataSync().slice() as Float32Array]));
      const afterPlain = update(plain);
      const afterRecomputed = update(recomputed);
      for (const [name, start] of initial) {
        const moved = afterRecomputed.get(name) as Float32Array;
        expect(relativeError(moved, start), `${name} moved`).toBeGreaterThan(0);
        expect(relativeError(moved, afterPlain.get(name) as Float32Array), name).toBeLessThan(TOLERANCE);
      }
      tf.dispose([x, target]);
      plain.dispose();
      recomputed.dispose();
    });

    it('with dropout: the recomputation draws the forward’s masks and leaves the call counters where the forward left them', () => {
      const config: HybridStackConfig = {
        dModel: D, pattern: '*-M-',
        layers: { ...LAYERS, attention: { numHeads: 2, attentionDropout: 0.3, outputDropout: 0.2 }, mlp: { hidden: 32, dropout: 0.4 } },
      };
      const [plain, recomputed] = twins(config);
      const rng = new Rng(13);
      const x = rng.normalTensor([B, L, D]);
      const probe = rng.normalTensor([B, L, D]);
      // One loss that runs the stack twice (calls 0 and 1 of every dropout), then a third pass (call 2): the
      // backward recomputes the second pass before the first, and the third pass must still draw call 2's masks.
      const run = (stack: HybridStack) => {
        stack.setTraining(true, 3);
        const params = stack.parameters();
        const names = new Map([...params].map(([name, v]) => [v.name, name]));
        const { value, grads } = tf.variableGrads(() => {
          const twice = tf.add(stack.apply(x), tf.mul(stack.apply(x), 0.5));
          return tf.sum(tf.mul(twice, probe)) as tf.Scalar;
        }, [...params.values()]);
        const third = stack.apply(x);
        stack.setTraining(false);
        const result = {
          loss: value.dataSync()[0] as number,
          grads: new Map(Object.entries(grads).map(([k, g]) => [names.get(k) as string, g.dataSync() as Float32Array])),
          third: third.dataSync() as Float32Array,
        };
        tf.dispose([value, third, ...Object.values(grads)]);
        return result;
      };
      const reference = run(plain);
      const result = run(recomputed);
      expect(result.loss).toBeCloseTo(reference.loss, 5);
      expect([...result.grads.keys()].sort()).toEqual([...plain.parameters().keys()].sort());
      for (const [name, grad] of reference.grads) expect(relativeError(result.grads.get(name) as Float32Array, grad), name).toBeLessThan(TOLERANCE);
      expect(relativeError(result.third, reference.third), 'third pass').toBeLessThan(TOLERANCE);
      // dropout is on: without masks the output differs
      const evaluation = plain.apply(x);
      expect(relativeError(evaluation.dataSync(), reference.third)).toBeGreaterThan(1e-2);
      tf.dispose([x, probe, evaluation]);
      plain.dispose();
      recomputed.dispose();
    });

    it('cross-attention: the context and its mask are inputs of the recomputed blocks (gradients reach the context)', () => {
      const config: HybridStackConfig = { dModel: D, pattern: '*-', layers: { ...LAYERS, attention: { numHeads: 2, contextDim: 6 } } };
      const [plain, recomputed] = twins(config);
      const rng = new Rng(14);
      const x = rng.normalTensor([B, L, D]);
      const probe = rng.normalTensor([B, L, D]);
      const context = tf.variable(rng.normalTensor([B, 5, 6]));
      const contextMask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], [B, 5], 'int32');
      const contextGradient = (stack: HybridStack) => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(stack.apply(x, { context, contextMask }), probe)) as tf.Scalar, [context]);
        const values = (grads[context.name] as tf.Tensor).dataSync() as Float32Array;
        tf.dispose([value, ...Object.values(grads)]);
        return values;
      };
      expectSameGradients('cross-attention', pass(plain, x, probe, { context, contextMask }), pass(recomputed, x, probe, { context, contextMask }), [
        ...plain.parameters().keys(),
      ]);
      expect(relativeError(contextGradient(recomputed), contextGradient(plain))).toBeLessThan(TOLERANCE);
      tf.dispose([x, probe, context, contextMask]);
      plain.dispose();
      recomputed.dispose();
    });
  });
}

describe('checkpoint options and checkpointApply', () => {
  beforeAll(() => useBackend('cpu'));

  it("{ kinds } recomputes only those blocks; setCheckpoint switches later passes; bad options are errors", () => {
    const stack = new HybridStack({ dModel: D, pattern: 'M-M*', layers: LAYERS, checkpoint: { kinds: 'M*' } }, new Rng(0));
    expect(stack.checkpointed()).toEqual([true, false, true, true]);
    expect(stack.setCheckpoint(false).checkpointed()).toEqual([false, false, false, false]);
    expect(stack.setCheckpoint('blocks').checkpointed()).toEqual([true, true, true, true]);
    expect(() => stack.setCheckpoint({ kinds: 'Mq' })).toThrow("unknown layer character 'q'");
    expect(() => new HybridStack({ dModel: D, pattern: '-', checkpoint: 'all' as never }, new Rng(0))).toThrow("config 'checkpoint' must be");
    stack.dispose();
  });

  it('wraps a single layer (Mamba2): the same gradients, only its input kept on the tape', () => {
    const layer = new Mamba2({ dModel: D, ...LAYERS.mamba2 }, new Rng(3));
    const rng = new Rng(4);
    const x = tf.variable(rng.normalTensor([B, L, D]));
    const probe = rng.normalTensor([B, L, D]);
    const variables = [x, ...layer.parameters().values()];
    const gradients = (forward: () => tf.Tensor) => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(), probe)) as tf.Scalar, variables);
      const out = variables.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array);
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    const plain = gradients(() => layer.apply(x));
    let tapeLength = 0;
    const recomputed = gradients(() => {
      const y = checkpointApply(layer, [x], (input) => layer.apply(input));
      tapeLength = (tf.engine().state.activeTape as unknown[]).length;
      return y;
    });
    expect(tapeLength).toBeLessThanOrEqual(3); // the clone of the saved input and the recomputed op
    plain.forEach((grad, i) => expect(relativeError(recomputed[i] as Float32Array, grad)).toBeLessThan(TOLERANCE));
    // outside a gradient it is the plain forward
    const y = checkpointApply(layer, [x], (input) => layer.apply(input));
    const reference = layer.apply(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(reference.dataSync()));
    tf.dispose([x, probe, y, reference]);
    layer.dispose();
  });
});
