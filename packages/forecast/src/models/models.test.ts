import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenEmbedding, tokenEmbeddingInitStd } from './data-embedding.js';
import { DLinear } from './dlinear.js';
import { MODEL_NAMES, buildForecaster } from './model-registry.js';
import { PatchTst } from './patchtst.js';
import { RevIN } from './revin.js';

const dims = { seqLen: 32, labelLen: 32, predLen: 8, channels: 3, markChannels: 4, targetChannels: 3 };
const hp = { dModel: 8, nHeads: 2, dFF: 16, dState: 4, dConv: 4, layers: 1 };

function input(rng: Rng, b = 2) {
  return {
    x: rng.normalTensor([b, dims.seqLen, dims.channels]),
    xMark: rng.uniformTensor([b, dims.seqLen, dims.markChannels], -0.5, 0.5),
    yMark: rng.uniformTensor([b, dims.predLen, dims.markChannels], -0.5, 0.5),
  };
}

describe('forecasting models', () => {
  beforeAll(() => initBackend('cpu'));

  for (const name of MODEL_NAMES) {
    it(`${name}: [b, predLen, targetChannels] out, gradients reach every parameter, no leaks`, () => {
      const rng = new Rng(1);
      const batch = input(rng);
      const model = buildForecaster(name, hp, dims, rng);
      const before = tf.memory().numTensors;
      const y = model.forecast(batch);
      expect(y.shape).toEqual([2, dims.predLen, dims.targetChannels]);
      const variables = [...model.parameters().values()];
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.forecast(batch))) as tf.Scalar, variables);
      expect(Object.keys(grads)).toHaveLength(variables.length);
      tf.dispose([y, value, Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      tf.dispose(Object.values(batch));
    });
  }

  for (const name of ['mambaformer', 'attention-mamba', 'mamba-attention', 'mamba', 'transformer']) {
    it(`${name} is causal over the horizon: the last step's time features change only the last prediction`, () => {
      const rng = new Rng(2);
      const batch = input(rng, 1);
      const model = buildForecaster(name, hp, dims, rng);
      const changed = { ...batch, yMark: tf.concat([tf.slice(batch.yMark, [0, 0, 0], [1, dims.predLen - 1, -1]), tf.fill([1, 1, dims.markChannels], 3)], 1) };
      const [a, b] = [model.forecast(batch), model.forecast(changed)];
      const early = (t: tf.Tensor) => Array.from(tf.slice(t, [0, 0, 0], [1, dims.predLen - 1, -1]).dataSync());
      expect(early(b)).toEqual(early(a));
      const last = (t: tf.Tensor) => Array.from(tf.slice(t, [0, dims.predLen - 1, 0], [1, 1, -1]).dataSync());
      expect(last(b)).not.toEqual(last(a));
      tf.dispose([a, b, changed.yMark, Object.values(batch)]);
      model.dispose();
    });
  }

  it('channel-independent family members forecast each variable from its own history only', () => {
    const rng = new Rng(4);
    const batch = input(rng, 2);
    const model = buildForecaster('mambaformer', { ...hp, channelIndependent: true, revin: true }, dims, rng);
    // change only channel 0 of the second window
    const mask = tf.tensor3d([0, 0, 0, 1, 0, 0], [2, 1, 3]);
    const changed = { ...batch, x: tf.add(batch.x, tf.mul(mask, 5)) };
    const [a, b] = [model.forecast(batch), model.forecast(changed)];
    const channelsOf = (t: tf.Tensor, start: number, size: number) => tf.slice(t, [0, 0, start], [2, -1, size]).arraySync();
    expect(channelsOf(b, 1, 2)).toEqual(channelsOf(a, 1, 2));
    expect(tf.slice(b, [1, 0, 0], [1, -1, 1]).arraySync()).not.toEqual(tf.slice(a, [1, 0, 0], [1, -1, 1]).arraySync());
    expect(tf.slice(b, [0, 0, 0], [1, -1, 1]).arraySync()).toEqual(tf.slice(a, [0, 0, 0], [1, -1, 1]).arraySync());
    tf.dispose([a, b, mask, changed.x, Object.values(batch)]);
    model.dispose();
  });

  for (const name of ['mambaformer', 'attention-mamba', 'mamba-attention', 'mamba', 'transformer']) {
    it(`${name} with the patch option: the member's layers over PatchTST's patches, gradients reach every parameter, no leaks`, () => {
      const rng = new Rng(6);
      const batch = input(rng);
      const model = buildForecaster(name, { ...hp, revin: true, channelIndependent: true, patch: true }, dims, rng);
      expect(model).toBeInstanceOf(PatchTst);
      const layers = [...model.parameters().keys()].filter((k) => k.startsWith('encoder.'));
      // the member's layer kinds and no others (Mamba's A_log, attention's query projection, the FFN's first linear)
      const has = (kind: RegExp) => layers.some((k) => kind.test(k));
      expect(has(/A_log/)).toBe(name !== 'transformer');
      expect(has(/q_proj/)).toBe(name !== 'mamba');
      const before = tf.memory().numTensors;
      const variables = [...model.parameters().values()];
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.forecast(batch))) as tf.Scalar, variables);
      expect(value.shape).toEqual([]);
      expect(Object.keys(grads)).toHaveLength(variables.length);
      tf.dispose([value, Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      tf.dispose(Object.values(batch));
    });
  }

  it('the patch option reads no time features and needs RevIN and channel independence', () => {
    const rng = new Rng(7);
    const batch = input(rng, 1);
    const model = buildForecaster('mamba', { ...hp, revin: true, channelIndependent: true, patch: true }, dims, rng);
    const [a, b] = [model.forecast(batch), model.forecast({ ...batch, xMark: null, yMark: null })];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, Object.values(batch)]);
    model.dispose();
    expect(() => buildForecaster('mamba', { ...hp, patch: true }, dims, rng)).toThrow("model 'mamba': the patch option needs revin and channelIndependent; got revin false, channelIndependent false");
  });

  it('with dropout (the paper\'s 0.05), forecasts repeat outside training and vary between training steps', () => {
    const rng = new Rng(5);
    const batch = input(rng, 2);
    const model = buildForecaster('transformer', { ...hp, dropout: 0.3 }, dims, rng);
    const values = () => Array.from(tf.tidy(() => model.forecast(batch)).dataSync());
    const evaluation = values();
    expect(values()).toEqual(evaluation);
    model.setTraining(true, 0);
    const step0 = values();
    model.setTraining(true, 1);
    const step1 = values();
    model.setTraining(false);
    expect(step0).not.toEqual(evaluation);
    expect(step1).not.toEqual(step0);
    expect(values()).toEqual(evaluation);
    tf.dispose(Object.values(batch));
    model.dispose();
  });

  it('TokenEmbedding is a circular convolution with kernel 3', () => {
    const layer = new TokenEmbedding(1, 1, new Rng(0));
    layer.weight.assign(tf.tensor3d([[[1, 10, 100]]]));
    const y = layer.apply(tf.tensor3d([[[1], [2], [3], [4]]]));
    // y_t = 1·x_{t−1} + 10·x_t + 100·x_{t+1}, circularly
    expect(Array.from(y.dataSync())).toEqual([4 + 10 + 200, 1 + 20 + 300, 2 + 30 + 400, 3 + 40 + 100]);
    layer.dispose();
  });

  it("TokenEmbedding starts as kaiming_normal_(mode='fan_in', nonlinearity='leaky_relu') with a = 0: std √2 / √(3 c_in)", () => {
    // gain √(2 / (1 + a²)) = √2 at a = 0 (not the 0.01 of leaky_relu's own default), fan_in = 64 channels × kernel 3
    expect(tokenEmbeddingInitStd(64)).toBeCloseTo(Math.sqrt(2) / Math.sqrt(192), 12);
    // 512 × 64 × 3 = 98,304 draws: the sample std is within 0.3% of the truth (one σ), so 1.5% is a five-σ bound
    const layer = new TokenEmbedding(64, 512, new Rng(7));
    const { mean, variance } = tf.moments(layer.weight);
    expect(mean.dataSync()[0]).toBeCloseTo(0, 2);
    expect(Math.abs(Math.sqrt(variance.dataSync()[0] as number) / tokenEmbeddingInitStd(64) - 1)).toBeLessThan(0.015);
    tf.dispose([mean, variance]);
    layer.dispose();
  });

  it('DLinear: a constant series is all trend, and the initial weights average it', () => {
    const model = new DLinear({ ...dims, channels: 1, targetChannels: 1 });
    const y = model.forecast({ x: tf.fill([1, dims.seqLen, 1], 2), xMark: null, yMark: null });
    // trend = 2 everywhere, seasonal = 0; each output = mean of the trend = 2
    for (const v of y.dataSync()) expect(v).toBeCloseTo(2, 5);
    model.dispose();
  });

  it('RevIN: denormalize(normalize(x)) restores x', () => {
    const revin = new RevIN(3);
    const x = new Rng(3).normalTensor([2, 10, 3], 5, 1);
    const { x: normalized, mean, std } = revin.normalize(x);
    const restored = revin.denormalize(normalized, mean, std);
    const diff = tf.max(tf.abs(tf.sub(restored, x))).dataSync()[0] as number;
    expect(diff).toBeLessThan(1e-4);
    revin.dispose();
  });

  it('an unknown model name lists the known ones', () => {
    expect(() => buildForecaster('lstm', hp, dims, new Rng(0))).toThrow(/unknown model 'lstm'; models: mambaformer, attention-mamba/);
  });
});
