import { initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tanhGelu } from './feed-forward.js';
import { timestepFeatures } from './timestep-embedding.js';

describe('timestep features and tanh-GELU', () => {
  beforeAll(() => initBackend('wasm'));

  it("DiT's timestep_embedding: [cos, sin] halves at frequencies 10000^(−i/half)", () => {
    const t = tf.tensor1d([0, 1, 250]);
    const features = timestepFeatures(t, 4);
    const want = [0, 1, 250].map((s) => [Math.cos(s), Math.cos(s / 100), Math.sin(s), Math.sin(s / 100)]);
    (features.arraySync() as number[][]).forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo((want[i] as number[])[k] as number, 4)));
    tf.dispose([t, features]);
  });

  it('tanhGelu matches PyTorch GELU(approximate="tanh")', () => {
    const x = tf.tensor1d([-3, -1, 0, 0.5, 1, 3]);
    const y = tanhGelu(x);
    // torch.nn.functional.gelu(x, approximate='tanh')
    const want = [-0.0036373, -0.158808, 0, 0.345714, 0.841192, 2.996363];
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 5));
    tf.dispose([x, y]);
  });
});
