import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../test-support/backends.js';

interface WasmBackend {
  getMemoryOffset(dataId: object): number;
  numDataIds(): number;
}

describe('wasm Identity shares buffers', () => {
  beforeAll(() => useBackend('wasm'));
  const backend = () => tf.backend() as unknown as WasmBackend;

  it('a clone reads the same heap memory, outlives its source and frees it with the last reference', () => {
    const before = backend().numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(backend().getMemoryOffset(y.dataId)).toBe(backend().getMemoryOffset(x.dataId));
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(backend().numDataIds()).toBe(before);
  });

  it('the gradient tape keeps no copies: a tensor saved by four kernels is one buffer', () => {
    const x = tf.variable(tf.randomNormal([64, 64], 0, 1, 'float32', 1));
    let buffers = 0;
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.sigmoid(x);
      const start = backend().numDataIds();
      const terms = [0, 1, 2, 3].map((j) => tf.slice(h, [j, 0], [60, 64])); // each Slice saves h
      buffers = backend().numDataIds() - start; // the four slices, and no copies of h
      return tf.sum(tf.addN(terms)) as tf.Scalar;
    }, [x]);
    expect(buffers).toBe(4);
    tf.dispose([value, x, ...Object.values(grads)]);
  });

  it('string tensors still clone', () => {
    const s = tf.tensor1d(['a', 'b'], 'string');
    const c = tf.clone(s);
    s.dispose();
    expect(c.dataSync()).toEqual(['a', 'b']);
    c.dispose();
  });
});

describe('wasm Cast shares buffers when the dtype stays', () => {
  beforeAll(() => useBackend('wasm'));
  const backend = () => tf.backend() as unknown as WasmBackend;

  it('float32 to float32 reads the same heap memory and outlives its source; other dtypes convert', () => {
    const before = backend().numDataIds();
    const x = tf.tensor1d([1.5, -2.25, 3]);
    const same = tf.cast(x, 'float32');
    expect(backend().getMemoryOffset(same.dataId)).toBe(backend().getMemoryOffset(x.dataId));
    const ints = tf.cast(x, 'int32');
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    const back = tf.cast(ints, 'float32');
    expect(back.dtype).toBe('float32');
    expect(Array.from(back.dataSync())).toEqual([1, -2, 3]);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
    tf.dispose([same, ints, back]);
    expect(backend().numDataIds()).toBe(before);
  });
});
