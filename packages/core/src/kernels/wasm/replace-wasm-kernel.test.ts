import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import { replaceWasmKernel, tfjsWasmKernel } from './replace-wasm-kernel.js';

const REPLACED = ['BatchMatMul', 'Identity', 'Slice', 'SplitV', 'Reverse', 'Exp', 'Tanh', 'Erf'];

describe('replaceWasmKernel', () => {
  beforeAll(() => initBackend('wasm'));

  it("keeps tfjs-backend-wasm's kernel and its setup function for every kernel initBackend('wasm') replaces", () => {
    for (const name of REPLACED) {
      const original = tfjsWasmKernel(name);
      const active = tf.getKernel(name, 'wasm');
      expect(original, name).toBeDefined();
      expect(active?.kernelFunc, name).not.toBe(original?.kernelFunc);
      expect(active?.setupFunc, name).toBe(original?.setupFunc);
    }
  });

  it('replaces a kernel once: a second replacement leaves the first', () => {
    const active = tf.getKernel('Exp', 'wasm');
    expect(replaceWasmKernel('Exp', () => () => ({ dataId: {}, shape: [], dtype: 'float32' }))).toBe(true);
    expect(tf.getKernel('Exp', 'wasm')).toBe(active);
  });

  it('reports a kernel the backend does not have', () => {
    expect(replaceWasmKernel('NoSuchKernel', () => () => ({ dataId: {}, shape: [], dtype: 'float32' }))).toBe(false);
    expect(tfjsWasmKernel('NoSuchKernel')).toBeUndefined();
  });
});
