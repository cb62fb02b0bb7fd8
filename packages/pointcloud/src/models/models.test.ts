import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { POINT_MODEL_NAMES, buildPointModel } from './classifier.js';
import type { PointBatch, PointModel, PointModelName } from './classifier.js';
import { namedBuffers } from './batch-norm.js';
import { MiniPointNet } from './parts.js';

const B = 4;
const G = 8;
const K = 8;
const N = 64;
const CLASSES = 3;

const tiny: { [N in PointModelName]: object } = {
  pointramba: { transDim: 32, depth: 2, attentionDepth: 1, attentionNumHeads: 2, dState: 4 },
  pointmamba: { transDim: 32, depth: 2, dState: 4 },
  'point-transformer': { transDim: 32, encoderDims: 32, depth: 2, numHeads: 2 },
  pointnet: { pointMlp: [16, 16, 32], headMlp: [32, 16] },
};

function batchFor(rng: Rng): PointBatch & { labels: tf.Tensor } {
  const reversed = Array.from({ length: G }, (_, i) => G - 1 - i);
  const orderRows = Array.from({ length: B }, () => [...Array.from({ length: G }, (_, i) => i), ...reversed]);
  return {
    points: rng.normalTensor([B, N, 3], 0.5),
    neighborhood: rng.normalTensor([B, G, K, 3], 0.05),
    center: rng.uniformTensor([B, G, 3], -1, 1),
    order: tf.tensor2d(orderRows, [B, 2 * G], 'int32'),
    labels: tf.tensor1d([0, 1, 2, 1], 'int32'),
  };
}

function disposeBatch(batch: PointBatch & { labels: tf.Tensor }): void {
  tf.dispose([batch.points, batch.neighborhood, batch.center, batch.order, batch.labels] as tf.Tensor[]);
}

/** Biases of the Linear (1×1 conv) layers that feed a BatchNorm. */
function preBatchNormBias(model: PointModelName, name: string): boolean {
  if (/(first_conv|second_conv|projection|cal_imp_score|feature_extractor\d)\.0\.bias$/.test(name)) return true;
  if ((model === 'pointramba' || model === 'pointmamba') && /^cls_head_finetune\.[04]\.bias$/.test(name)) return true;
  return model === 'pointnet' && /\.fc\.bias$/.test(name);
}

function gradients(model: PointModel, batch: PointBatch, labels: tf.Tensor): Map<string, Float32Array> {
  const params = model.parameters();
  const names = new Map([...params].map(([name, v]) => [v.name, name]));
  const { value, grads } = tf.variableGrads(() => model.loss(batch, labels), [...params.values()]);
  const out = new Map<string, Float32Array>();
  for (const [variableName, grad] of Object.entries(grads)) out.set(names.get(variableName) as string, grad.dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe('point-cloud classifiers', () => {
  beforeAll(() => initBackend('wasm'));

  for (const name of POINT_MODEL_NAMES) {
    it(`${name}: logits [b, classes], gradients reach every parameter, no tensor leaks`, () => {
      const rng = new Rng(1);
      const batch = batchFor(rng);
      const model = buildPointModel(name, tiny[name], CLASSES, rng);
      expect(model.modelName).toBe(name);
      // warm-up (kernels may cache constants on first use), then count
      tf.dispose(Object.values(model.apply(batch)) as tf.Tensor[]);
      const before = tf.memory().numTensors;
      const out = model.apply(batch);
      expect(out.logits.shape).toEqual([B, CLASSES]);
      const terms = model.lossTerms(out, batch.labels);
      expect(Number.isFinite(terms.total.dataSync()[0])).toBe(true);
      tf.dispose([...(Object.values(out) as tf.Tensor[]), ...Object.values(terms)]);

      // training mode (BN batch statistics, dropout, drop path): every gradient present, finite and nonzero
      // somewhere — except the biases of the layers right before a BatchNorm, whose gradient is zero in
      // training mode (the batch mean absorbs them), as in PyTorch
      model.setTraining(true, 3);
      const trainGrads = gradients(model, batch, batch.labels);
      expect([...trainGrads.keys()].sort()).toEqual([...model.parameters().keys()].sort());
      expect([...trainGrads].filter(([, g]) => !g.every(Number.isFinite)).map(([n]) => n)).toEqual([]);
      const dead = (grads: Map<string, Float32Array>) => [...grads].filter(([, g]) => !g.some((v) => Math.abs(v) > 1e-12)).map(([n]) => n);
      const beforeBn = [...trainGrads.keys()].filter((n) => preBatchNormBias(name, n));
      expect(dead(trainGrads).filter((n) => !beforeBn.includes(n))).toEqual([]);
      // eval mode (running statistics): those biases get gradients too
      model.setTraining(false);
      const evalGrads = gradients(model, batch, batch.labels);
      expect(dead(evalGrads).filter((n) => beforeBn.includes(n))).toEqual([]);
      model.setTraining(false);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      disposeBatch(batch);
    });

    it(`${name}: training differs from eval (BN, dropout); eval is deterministic; training updates the running statistics`, () => {
      const rng = new Rng(2);
      const batch = batchFor(rng);
      const model = buildPointModel(name, tiny[name], CLASSES, rng);
      const logits = () => tf.tidy(() => Array.from(model.apply(batch).logits.dataSync()));
      const eval1 = logits();
      expect(logits()).toEqual(eval1);
      const buffers = namedBuffers(model);
      expect(buffers.size).toBeGreaterThan(0);
      const runningBefore = [...buffers.values()].map((v) => Array.from(v.dataSync()));
      model.setTraining(true, 0);
      const train0 = logits();
      model.setTraining(true, 1);
      const train1 = logits();
      expect(train0).not.toEqual(eval1);
      expect(train1).not.toEqual(train0); // another step, other dropout masks
      expect([...buffers.values()].map((v) => Array.from(v.dataSync()))).not.toEqual(runningBefore);
      model.setTraining(false);
      const eval2 = logits();
      expect(eval2).not.toEqual(eval1); // the running statistics moved
      expect(logits()).toEqual(eval2);
      model.dispose();
      disposeBatch(batch);
    });
  }

  it('the models say which inputs they read, and refuse a batch without them', () => {
    const rng = new Rng(3);
    const models = POINT_MODEL_NAMES.map((name) => buildPointModel(name, tiny[name], CLASSES, rng));
    expect(models.map((m) => m.inputs)).toEqual([
      { points: false, groups: true, order: 'none' },
      { points: false, groups: true, order: 'required' },
      { points: false, groups: true, order: 'none' },
      { points: true, groups: false, order: 'none' },
    ]);
    const batch = batchFor(rng);
    expect(() => models[0]!.apply({ points: batch.points })).toThrow(/neighborhood/);
    expect(() => models[1]!.apply({ neighborhood: batch.neighborhood, center: batch.center })).toThrow(/order/);
    expect(() => models[3]!.apply({ neighborhood: batch.neighborhood })).toThrow(/points/);
    expect(() => buildPointModel('nope' as PointModelName, {}, 2, rng)).toThrow(/unknown model/);
    for (const m of models) m.dispose();
    disposeBatch(batch);
  });
});

describe('MiniPointNet widths', () => {
  it('builds the reference widths by default and the given ones otherwise (parameter counts), refusing malformed widths', () => {
    // first_conv: in·h + h, BN 2h, h·f + f; second_conv: 2f·h2 + h2, BN 2h2, h2·C + C
    const count = (h: number, f: number, h2: number, c: number) => 3 * h + h + 2 * h + h * f + f + 2 * f * h2 + h2 + 2 * h2 + h2 * c + c;
    const reference = new MiniPointNet(16, new Rng(0));
    expect([...reference.parameters().values()].reduce((n, v) => n + v.size, 0)).toBe(count(128, 256, 512, 16));
    const small = new MiniPointNet(16, new Rng(0), 3, [8, 12, 20]);
    expect([...small.parameters().values()].reduce((n, v) => n + v.size, 0)).toBe(count(8, 12, 20, 16));
    reference.dispose();
    small.dispose();
    expect(() => new MiniPointNet(16, new Rng(0), 3, [8, 0, 20])).toThrow(/'widths' must be three positive integers/);
  });
});
