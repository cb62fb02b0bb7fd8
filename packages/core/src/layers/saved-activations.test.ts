import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CausalConv1d } from './causal-conv1d.js';
import { gelu } from './mlp.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { relativeError } from '../test-support/compare.js';

// Written-out gradients against autodiff through the textbook formula: the same math in float32.
const TOLERANCE = 1e-5;

/** Elements the gradient tape holds (distinct buffers) at the end of `forward`, run under a gradient. */
function tapeElements(forward: () => tf.Tensor, variables: tf.Variable[]): number {
  let elements = 0;
  const { value, grads } = tf.variableGrads(() => {
    const y = forward();
    const seen = new Set<object>();
    for (const node of tf.engine().state.activeTape as Array<{ saved?: tf.Tensor[] }>) {
      for (const t of node.saved ?? []) {
        if (!seen.has(t.dataId)) elements += t.size;
        seen.add(t.dataId);
      }
    }
    return tf.sum(y) as tf.Scalar;
  }, variables);
  tf.dispose([value, ...Object.values(grads)]);
  return elements;
}

function gradients(f: () => tf.Scalar, variables: tf.Variable[]): Float32Array[] {
  const { value, grads } = tf.variableGrads(f, variables);
  const out = variables.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`written-out gradients that keep only the input (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    it('gelu: the gradient Φ(x) + xφ(x) equals autodiff through x·(1 + erf(x/√2))/2; the tape keeps x alone', () => {
      const rng = new Rng(1);
      const x = tf.variable(tf.mul(rng.normalTensor([3, 5, 16]), 3));
      const probe = rng.normalTensor([3, 5, 16]);
      const formula = (u: tf.Tensor) => tf.mul(tf.mul(u, 0.5), tf.add(1, tf.erf(tf.mul(u, Math.SQRT1_2))));
      const ours = gradients(() => tf.sum(tf.mul(gelu(x), probe)) as tf.Scalar, [x]);
      const autodiff = gradients(() => tf.sum(tf.mul(formula(x), probe)) as tf.Scalar, [x]);
      expect(relativeError(ours[0] as Float32Array, autodiff[0] as Float32Array)).toBeLessThan(TOLERANCE);
      const y = gelu(x);
      const reference = formula(x);
      expect(Array.from(y.dataSync())).toEqual(Array.from(reference.dataSync()));
      expect(tapeElements(() => gelu(x), [x])).toBe(x.size);
      tf.dispose([x, probe, y, reference]);
    });

    for (const bias of [true, false]) {
      it(`CausalConv1d${bias ? '' : ' without bias'}: gradients of x, weight and bias equal autodiff through the shifted products; the tape keeps x alone`, () => {
        const rng = new Rng(2);
        const layer = new CausalConv1d({ channels: 6, kernelSize: 4, bias }, rng);
        const x = tf.variable(rng.normalTensor([2, 9, 6]));
        const probe = rng.normalTensor([2, 9, 6]);
        const variables = [x, ...layer.parameters().values()];
        const shiftedProducts = () => {
          const taps = tf.transpose(tf.reshape(layer.weight, [6, 4]));
          const padded = tf.pad(x, [[0, 0], [3, 0], [0, 0]]);
          const y = tf.addN(tf.unstack(taps).map((tap, j) => tf.mul(tf.slice(padded, [0, j, 0], [2, 9, 6]), tap)));
          return layer.bias === undefined ? y : tf.add(y, layer.bias);
        };
        const ours = gradients(() => tf.sum(tf.mul(layer.apply(x), probe)) as tf.Scalar, variables);
        const autodiff = gradients(() => tf.sum(tf.mul(shiftedProducts(), probe)) as tf.Scalar, variables);
        ours.forEach((grad, i) => expect(relativeError(grad, autodiff[i] as Float32Array), variables[i]?.name).toBeLessThan(TOLERANCE));
        expect(tapeElements(() => layer.apply(x), variables)).toBe(x.size);
        const before = tf.memory().numTensors;
        gradients(() => tf.sum(layer.apply(x)) as tf.Scalar, variables);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([x, probe]);
        layer.dispose();
      });
    }
  });
}
