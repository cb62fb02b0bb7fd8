import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { importanceOrder, poolTokens, poolingWeights, randomOrder, xyzOrder } from './importance.js';
import { gatherTokens } from './parts.js';
import { POINTRAMBA_SMALL, PoinTramba } from './pointramba.js';
import type { PoinTrambaConfig } from './pointramba.js';

const TINY: Partial<PoinTrambaConfig> = { transDim: 32, depth: 2, attentionDepth: 1, attentionNumHeads: 2, dState: 4 };

function groups(rng: Rng, b: number, g: number, k: number) {
  return { neighborhood: rng.normalTensor([b, g, k, 3], 0.05), center: rng.uniformTensor([b, g, 3], -1, 1) };
}

const rows = (t: tf.Tensor) => t.arraySync() as number[][];

/** Indices of `values` sorted by value (stable), descending or ascending. */
function argsort(values: number[], descending: boolean): number[] {
  return values.map((v, i) => [v, i] as const).sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]) || a[1] - b[1]).map(([, i]) => i);
}

describe('PoinTramba ordering and pooling', () => {
  beforeAll(() => initBackend('wasm'));

  it('BIO ("both") sorts high → low, then low → high; "max" and "min" are its halves', () => {
    const importance = tf.tensor2d([
      [0.3, -1, 2, 0.5],
      [0, 1, -2, 3],
    ]);
    expect(rows(importanceOrder(importance, 'both'))).toEqual([
      [2, 3, 0, 1, 1, 0, 3, 2],
      [3, 1, 0, 2, 2, 0, 1, 3],
    ]);
    expect(rows(importanceOrder(importance, 'max'))).toEqual([
      [2, 3, 0, 1],
      [3, 1, 0, 2],
    ]);
    expect(rows(importanceOrder(importance, 'min'))).toEqual([
      [1, 0, 3, 2],
      [2, 0, 1, 3],
    ]);
    const sorted = gatherTokens(importance, importanceOrder(importance, 'both'));
    expect(rows(sorted)[0]).toEqual([2, 0.5, 0.3, -1, -1, 0.3, 0.5, 2].map((v) => expect.closeTo(v, 6)));
    importance.dispose();
  });

  it('the model feeds its tokens in the BIO order of its own predicted importance', () => {
    const rng = new Rng(4);
    const input = groups(rng, 3, 8, 8);
    const model = new PoinTramba(TINY, 5, rng);
    const out = model.apply(input);
    expect(out.order.shape).toEqual([3, 16]);
    rows(out.importance).forEach((scores, i) => {
      expect(rows(out.order)[i]).toEqual([...argsort(scores, true), ...argsort(scores, false)]);
      const sorted = rows(out.sortedImportance)[i] as number[];
      expect(sorted).toEqual([...scores].sort((a, b) => b - a).concat([...scores].sort((a, b) => a - b)));
    });
    tf.dispose([...Object.values(out), ...Object.values(input)]);
    model.dispose();
  });

  it('gatherTokens: torch.gather forward; a scatter-add gradient (repeated indices sum)', () => {
    const x = tf.tensor3d([[[1, 2], [3, 4], [5, 6]]]);
    const order = tf.tensor2d([[2, 0, 2, 1]], [1, 4], 'int32');
    expect(gatherTokens(x, order).arraySync()).toEqual([[[5, 6], [1, 2], [5, 6], [3, 4]]]);
    const weights = tf.tensor3d([[[1, 10], [100, 1000], [2, 20], [3, 30]]]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherTokens(t, order), weights)))(x);
    expect(dx.arraySync()).toEqual([[[100, 1000], [3, 30], [3, 30]]]);
    tf.dispose([x, order, weights, dx]);
  });

  it('the other orders: triple_xyz (computed, or the caller\'s), random permutations, no', () => {
    const center = tf.tensor3d([[[0.5, -1, 3], [-2, 0, 1], [1, 2, 2]]]);
    expect(rows(xyzOrder(center))).toEqual([[1, 0, 2, 0, 1, 2, 1, 2, 0]]);
    const perms = rows(randomOrder(4, 6, new Rng(1)));
    for (const p of perms) expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(perms.map((p) => p.join(','))).size).toBeGreaterThan(1);
    center.dispose();

    const rng = new Rng(5);
    const input = groups(rng, 2, 8, 4);
    const shapes: Record<string, number[]> = {};
    for (const modeSort of ['max', 'min', 'no', 'random', 'triple_xyz'] as const) {
      const model = new PoinTramba({ ...TINY, modeSort }, 3, rng);
      const out = model.apply(input);
      shapes[modeSort] = out.order.shape;
      if (modeSort === 'no') expect(rows(out.order)[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      tf.dispose(Object.values(out));
      model.dispose();
    }
    expect(shapes).toEqual({ max: [2, 8], min: [2, 8], no: [2, 8], random: [2, 8], triple_xyz: [2, 24] });
    const given = tf.tensor2d([[7, 6, 5, 4, 3, 2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0]], [2, 16], 'int32');
    const model = new PoinTramba({ ...TINY, modeSort: 'triple_xyz' }, 3, rng);
    const out = model.apply({ ...input, order: given });
    expect(rows(out.order)).toEqual(rows(given));
    tf.dispose([...Object.values(out), ...Object.values(input), given]);
    model.dispose();
  });

  it('IAP weights: sfm sums to 1; drop_neg zeroes negative scores and caps at 1 (unnormalised, as the code); pooling sums w·x', () => {
    const s = tf.tensor2d([
      [-0.5, 0.2, 0.7, 1.5],
      [-1, -2, 0.25, 0],
    ]);
    const sfm = rows(poolingWeights(s, 'sfm'));
    for (const row of sfm) expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
    expect(rows(poolingWeights(s, 'drop_neg'))).toEqual([
      [0, expect.closeTo(0.2, 6), expect.closeTo(0.7, 6), 1],
      [0, 0, 0.25, 0],
    ]);
    expect(rows(poolingWeights(s, 'direct'))).toEqual(rows(s));
    const x = tf.tensor3d([
      [[1, 2], [3, 4], [5, 6], [7, 8]],
      [[1, 1], [1, 1], [4, -4], [9, 9]],
    ]);
    expect(rows(poolTokens(x, 'important', s, 'drop_neg'))).toEqual([
      [expect.closeTo(0.6 + 3.5 + 7, 5), expect.closeTo(0.8 + 4.2 + 8, 5)],
      [1, -1],
    ]);
    expect(rows(poolTokens(x, 'ave'))).toEqual([[4, 5], [3.75, 1.75]]);
    expect(rows(poolTokens(x, 'max'))).toEqual([[7, 8], [9, 9]]);
    tf.dispose([s, x]);
  });
});

describe('PoinTramba losses, sizes and training', () => {
  beforeAll(() => initBackend('wasm'));

  it('lossTerms: CE + GLR (64 · ⟨local, global⟩ classifies the owner cloud) + Σ_g SmoothL1(score, cos) averaged over clouds', () => {
    const rng = new Rng(6);
    const model = new PoinTramba({ ...TINY, wGLR: 0.5, wImportance: 2 }, 3, rng);
    const unit = (t: tf.Tensor) => tf.div(t, tf.norm(t, 'euclidean', -1, true));
    const output = {
      logits: tf.tensor2d([[1, 0, -1], [0.5, 0.5, 2]]),
      patchFeature: unit(rng.normalTensor([2, 3, 4])),
      globalFeature: unit(rng.normalTensor([2, 4])),
      importance: tf.tensor2d([[0.1, 2.5, -0.3], [0, 0.9, -1.7]]),
    };
    const labels = tf.tensor1d([0, 2], 'int32');
    const terms = model.lossTerms(output, labels);
    const [P, Gf, S, Z] = [rows(output.patchFeature as tf.Tensor) as unknown as number[][][], rows(output.globalFeature), rows(output.importance), rows(output.logits)];
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
    const lse = (z: number[]) => Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    const ce = (-(Z[0]![0]! - lse(Z[0]!)) - (Z[1]![2]! - lse(Z[1]!))) / 2;
    let glr = 0;
    let imp = 0;
    for (let b = 0; b < 2; b++) {
      for (let n = 0; n < 3; n++) {
        const local = P[b]![n]!;
        const logits = [0, 1].map((j) => 64 * dot(local, Gf[j]!));
        glr += -(logits[b]! - lse(logits)) / 6;
        const d = Math.abs(S[b]![n]! - dot(local, Gf[b]!));
        imp += (d < 1 ? 0.5 * d * d : d - 0.5) / 2;
      }
    }
    expect(terms.ce.dataSync()[0]).toBeCloseTo(ce, 4);
    expect(terms.glr!.dataSync()[0]).toBeCloseTo(glr, 3);
    expect(terms.importance!.dataSync()[0]).toBeCloseTo(imp, 4);
    expect(terms.total.dataSync()[0]).toBeCloseTo(ce + 0.5 * glr + 2 * imp, 3);
    expect(terms.accuracy.dataSync()[0]).toBeCloseTo(100, 4);
    tf.dispose([...Object.values(output), ...Object.values(terms), labels]);
    model.dispose();
  });

  it('parameter counts: the official ModelNet40 run matches its log (19,507.50 K with 296,064 unused parameters); the small config', () => {
    const official = new PoinTramba({}, 40, new Rng(1));
    const count = official.numParameters();
    official.dispose();
    // the log counts attention cls_token + cls_pos (768) and reduce_dim (295,296), built but unused without the cls token
    expect(count).toBe(19_211_433);
    expect(((count + 768 + 295_296) / 1000).toFixed(2)).toBe('19507.50');
    const small = new PoinTramba(POINTRAMBA_SMALL, 40, new Rng(1));
    expect(small.numParameters()).toBe(327_657);
    small.dispose();
  });

  it('the variants run and train: SA (mini-PointNet) grouping, CalImportance, sfm / ave / max pooling', () => {
    const rng = new Rng(7);
    const input = groups(rng, 4, 8, 8);
    const labels = tf.tensor1d([0, 1, 0, 1], 'int32');
    for (const variant of [
      { modeGroup: 'SA', useSimpleScorePredictor: false },
      { typeWeighting: 'sfm', detachMapping: true, detachScorePrediction: true },
      { typePooling: 'ave' },
      { typePooling: 'max', dropOut: 0.1, dropOutInBlock: 0.1 },
    ] as Partial<PoinTrambaConfig>[]) {
      const model = new PoinTramba({ ...TINY, ...variant }, 2, rng);
      model.setTraining(true, 0);
      const vars = [...model.parameters().values()];
      const { value, grads } = tf.variableGrads(() => model.loss(input, labels), vars);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads)).toHaveLength(vars.length);
      tf.dispose([value, ...Object.values(grads)]);
      model.dispose();
    }
    tf.dispose([...Object.values(input), labels]);
  });

  it('a tiny model overfits a 2-class toy batch (8 clouds, 30 AdamW steps: the loss halves)', () => {
    const rng = new Rng(8);
    const input = groups(rng, 8, 16, 8);
    const labels = tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1], 'int32');
    const model = new PoinTramba(TINY, 2, rng);
    const params = model.parameters();
    const names = new Map([...params].map(([name, v]) => [v.name, name]));
    const optimizer = new AdamW(params, { learningRate: 3e-3, weightDecay: 0.05 });
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    for (let step = 0; step < 30; step++) {
      model.setTraining(true, step);
      const { value, grads } = tf.variableGrads(() => model.loss(input, labels), [...params.values()]);
      losses.push(value.dataSync()[0] as number);
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([v, g]) => [names.get(v) as string, g])));
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const last = losses.slice(-3).reduce((a, b) => a + b) / 3;
    expect(last).toBeLessThan(first / 2);
    // fitted in training mode (BN batch statistics; eval's running statistics lag 30 steps behind)
    model.setTraining(true, 30);
    expect(tf.tidy(() => model.lossTerms(model.apply(input), labels).accuracy.dataSync()[0])).toBe(100);
    optimizer.dispose();
    model.dispose();
    tf.dispose([...Object.values(input), labels]);
  });
});
