import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, isNoDecayParameter, noDecayRule, type AdamWConfig } from './adamw.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Hyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  wd: number;
}

/** torch.optim.AdamW written out in plain float64 JavaScript, one parameter tensor at a time. */
function referenceAdamW(initial: number[], gradSteps: number[][], h: Hyper): number[] {
  const p = [...initial];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  gradSteps.forEach((g, stepIndex) => {
    const t = stepIndex + 1;
    const bc1 = 1 - h.beta1 ** t;
    const bc2 = 1 - h.beta2 ** t;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] as number;
      let pi = (p[i] as number) * (1 - h.lr * h.wd);
      const mi = h.beta1 * (m[i] as number) + (1 - h.beta1) * gi;
      const vi = h.beta2 * (v[i] as number) + (1 - h.beta2) * gi * gi;
      pi -= (h.lr / bc1) * (mi / (Math.sqrt(vi) / Math.sqrt(bc2) + h.eps));
      p[i] = pi;
      m[i] = mi;
      v[i] = vi;
    }
  });
  return p;
}

/** Deterministic float32-representable values in [lo, hi). */
function values(count: number, seed: number, lo: number, hi: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.fround(lo + (hi - lo) * ((Math.sin(seed * 97 + i * 13) + 1) / 2)));
}

function expectClose(actual: ArrayLike<number>, expected: number[], relative: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    expect(Math.abs(a - e)).toBeLessThanOrEqual(relative * Math.abs(e));
  });
}

function variableMap(entries: Record<string, tf.Tensor>): Map<string, tf.Variable> {
  return new Map(Object.entries(entries).map(([name, t]) => [name, tf.variable(t, true)]));
}

function disposeAll(params: Map<string, tf.Variable>): void {
  for (const p of params.values()) p.dispose();
}

describe('AdamW matches the PyTorch AdamW formula', () => {
  const cases: Array<{ label: string; config: AdamWConfig; hyper: Omit<Hyper, 'wd'>; wd: number }> = [
    {
      label: 'default betas and epsilon',
      config: { learningRate: 0.01, weightDecay: 0.1 },
      hyper: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      wd: 0.1,
    },
    {
      // a large epsilon and small gradients make the placement of ε visible
      label: 'custom betas and a large epsilon',
      config: { learningRate: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-2, weightDecay: 0.3 },
      hyper: { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-2 },
      wd: 0.3,
    },
  ];

  for (const { label, config, hyper, wd } of cases) {
    it(`3 steps with ${label}`, () => {
      const weight0 = values(6, 1, 0.5, 1.5);
      const bias0 = values(3, 2, -1.5, -0.5);
      const params = variableMap({
        'layers.0.mixer.in_proj.weight': tf.tensor2d(weight0, [2, 3]),
        'layers.0.mixer.in_proj.bias': tf.tensor1d(bias0),
      });
      const weightGrads = [3, 4, 5].map((seed) => values(6, seed, -0.05, 0.05));
      const biasGrads = [6, 7, 8].map((seed) => values(3, seed, -0.05, 0.05));
      const optimizer = new AdamW(params, config);
      for (let step = 0; step < 3; step++) {
        const grads = {
          'layers.0.mixer.in_proj.weight': tf.tensor2d(weightGrads[step] as number[], [2, 3]),
          'layers.0.mixer.in_proj.bias': tf.tensor1d(biasGrads[step] as number[]),
        };
        optimizer.applyGradients(grads);
        tf.dispose(grads);
      }
      expect(optimizer.step).toBe(3);
      expectClose(
        params.get('layers.0.mixer.in_proj.weight')!.dataSync(),
        referenceAdamW(weight0, weightGrads, { ...hyper, wd }),
        1e-6,
      );
      expectClose(
        params.get('layers.0.mixer.in_proj.bias')!.dataSync(),
        referenceAdamW(bias0, biasGrads, { ...hyper, wd: 0 }),
        1e-6,
      );
      optimizer.dispose();
      disposeAll(params);
    });
  }
});

describe('AdamW parameter groups', () => {
  function mambaLikeParams(): Map<string, tf.Variable> {
    return variableMap({
      'layers.0.mixer.in_proj.weight': tf.ones([4, 3]),
      'layers.0.mixer.conv1d.bias': tf.ones([4]),
      'layers.0.norm.weight': tf.ones([3]),
      'layers.0.mixer.A_log': tf.ones([4, 2]),
      'layers.0.mixer.D': tf.ones([4]),
      'layers.0.mixer.dt_bias': tf.ones([4]),
      'layers.0.mixer.norm.weight': tf.ones([2, 2]),
      'embedding.weight': tf.ones([5, 3]),
    });
  }

  it('excludes biases, norms, A_log, D and dt_bias from decay by default', () => {
    const params = mambaLikeParams();
    const optimizer = new AdamW(params, { learningRate: 0.1, weightDecay: 0.2 });
    for (const name of [
      'layers.0.mixer.conv1d.bias',
      'layers.0.norm.weight',
      'layers.0.mixer.A_log',
      'layers.0.mixer.D',
      'layers.0.mixer.dt_bias',
      'layers.0.mixer.norm.weight',
    ]) {
      expect(optimizer.groupOf(name), name).toEqual({ weightDecay: 0, lrScale: 1 });
    }
    expect(optimizer.groupOf('layers.0.mixer.in_proj.weight')).toEqual({ weightDecay: 0.2, lrScale: 1 });
    expect(optimizer.groupOf('embedding.weight')).toEqual({ weightDecay: 0.2, lrScale: 1 });
    expect(() => optimizer.groupOf('nope')).toThrow(/'nope'/);
    optimizer.dispose();
    disposeAll(params);
  });

  it('isNoDecayParameter matches by rank and by name', () => {
    const matrix = tf.variable(tf.ones([2, 2]));
    const vector = tf.variable(tf.ones([2]));
    expect(isNoDecayParameter('layers.3.mixer.out_proj.weight', matrix)).toBe(false);
    expect(isNoDecayParameter('layers.3.mixer.out_proj.bias', vector)).toBe(true);
    expect(isNoDecayParameter('layers.3.mixer.A_log', matrix)).toBe(true);
    expect(isNoDecayParameter('layers.3.mixer.x_D', matrix)).toBe(false);
    expect(isNoDecayParameter('norm_f.weight', matrix)).toBe(true);
    expect(noDecayRule.weightDecay).toBe(0);
    tf.dispose([matrix, vector]);
  });

  it('decay shrinks a parameter whose gradient is zero, and only where decay applies', () => {
    const params = mambaLikeParams();
    const optimizer = new AdamW(params, { learningRate: 0.1, weightDecay: 0.2 });
    const grads = {
      'layers.0.mixer.in_proj.weight': tf.zeros([4, 3]),
      'layers.0.mixer.A_log': tf.zeros([4, 2]),
    };
    optimizer.applyGradients(grads);
    tf.dispose(grads);
    const decayed = params.get('layers.0.mixer.in_proj.weight')!.dataSync();
    expectClose(decayed, new Array<number>(12).fill(1 - 0.1 * 0.2), 1e-7);
    expect(Array.from(params.get('layers.0.mixer.A_log')!.dataSync())).toEqual(new Array<number>(8).fill(1));
    // parameters without a gradient are left unchanged, even decayed ones
    expect(Array.from(params.get('embedding.weight')!.dataSync())).toEqual(new Array<number>(15).fill(1));
    optimizer.dispose();
    disposeAll(params);
  });

  it('a custom group scales the learning rate; unset fields fall back to the config', () => {
    const params = mambaLikeParams();
    const optimizer = new AdamW(params, {
      learningRate: 0.01,
      weightDecay: 0.5,
      groups: [{ match: (name) => name.startsWith('embedding.'), lrScale: 0.1 }, noDecayRule],
    });
    expect(optimizer.groupOf('embedding.weight')).toEqual({ weightDecay: 0.5, lrScale: 0.1 });
    expect(optimizer.groupOf('layers.0.mixer.D')).toEqual({ weightDecay: 0, lrScale: 1 });
    const grads = { 'embedding.weight': tf.fill([5, 3], 0.3), 'layers.0.mixer.D': tf.fill([4], 0.3) };
    optimizer.applyGradients(grads);
    tf.dispose(grads);
    // first Adam step moves by lr' (m̂/√v̂ = 1) after decaying by lr'·wd
    const lrScaled = 0.01 * 0.1;
    expectClose(params.get('embedding.weight')!.dataSync(), new Array<number>(15).fill(1 - lrScaled * 0.5 - lrScaled), 1e-6);
    expectClose(params.get('layers.0.mixer.D')!.dataSync(), new Array<number>(4).fill(1 - 0.01), 1e-6);
    optimizer.dispose();
    disposeAll(params);
  });
});

describe('AdamW errors', () => {
  it('names an unknown gradient and updates nothing', () => {
    const params = variableMap({ 'w.weight': tf.ones([2, 2]) });
    const optimizer = new AdamW(params, { learningRate: 0.1 });
    const grads = { 'w.weight': tf.ones([2, 2]), 'layers.9.ghost': tf.ones([2]) };
    expect(() => optimizer.applyGradients(grads)).toThrow(/unknown parameter 'layers\.9\.ghost'/);
    expect(optimizer.step).toBe(0);
    expect(Array.from(params.get('w.weight')!.dataSync())).toEqual([1, 1, 1, 1]);
    const wrongShape = tf.ones([4]);
    expect(() => optimizer.applyGradients({ 'w.weight': wrongShape })).toThrow(/'w\.weight'.*shape/);
    tf.dispose([...Object.values(grads), wrongShape]);
    optimizer.dispose();
    disposeAll(params);
  });

  it('rejects invalid hyper-parameters by name', () => {
    const params = variableMap({ w: tf.ones([2, 2]) });
    expect(() => new AdamW(params, { learningRate: -1 })).toThrow(/learningRate/);
    expect(() => new AdamW(params, { learningRate: 0.1, beta2: 1 })).toThrow(/beta2/);
    expect(() => new AdamW(params, { learningRate: 0.1, weightDecay: Number.NaN })).toThrow(/weightDecay/);
    disposeAll(params);
  });
});

describe('AdamW state', () => {
  const config: AdamWConfig = { learningRate: 0.02, weightDecay: 0.1 };
  const gradsAt = (step: number): Record<string, tf.Tensor> => ({
    'layers.0.mixer.in_proj.weight': tf.tensor2d(values(6, step, -1, 1), [2, 3]),
    'layers.0.norm.weight': tf.tensor1d(values(3, step + 50, -1, 1)),
  });
  const stepWith = (optimizer: AdamW, step: number): void => {
    const grads = gradsAt(step);
    optimizer.applyGradients(grads);
    tf.dispose(grads);
  };
  const initialParams = (): Map<string, tf.Variable> =>
    variableMap({
      'layers.0.mixer.in_proj.weight': tf.tensor2d(values(6, 99, -1, 1), [2, 3]),
      'layers.0.norm.weight': tf.ones([3]),
    });

  it('getState/setState lets a restored optimizer continue bit-identically', () => {
    const params = initialParams();
    const original = new AdamW(params, config);
    stepWith(original, 1);
    stepWith(original, 2);

    const state = original.getState();
    expect(Object.keys(state).sort()).toEqual([
      'layers.0.mixer.in_proj.weight.exp_avg',
      'layers.0.mixer.in_proj.weight.exp_avg_sq',
      'layers.0.norm.weight.exp_avg',
      'layers.0.norm.weight.exp_avg_sq',
    ]);
    const cloneParams = (): Map<string, tf.Variable> =>
      new Map([...params].map(([name, p]) => [name, tf.variable(tf.clone(p), true)]));
    const restoredParams = cloneParams();
    const freshParams = cloneParams();
    const restored = new AdamW(restoredParams, config);
    restored.setState(state, original.step);
    tf.dispose(Object.values(state));
    expect(restored.step).toBe(2);
    // without the saved state (zero moments, step 0) the same parameters take different steps
    const fresh = new AdamW(freshParams, config);

    for (const step of [3, 4]) {
      for (const optimizer of [original, restored, fresh]) stepWith(optimizer, step);
    }
    const weightName = 'layers.0.mixer.in_proj.weight';
    for (const [name, p] of params) {
      expect(Array.from(restoredParams.get(name)!.dataSync()), name).toEqual(Array.from(p.dataSync()));
    }
    expect(Array.from(freshParams.get(weightName)!.dataSync())).not.toEqual(Array.from(params.get(weightName)!.dataSync()));
    for (const optimizer of [original, restored, fresh]) optimizer.dispose();
    for (const map of [params, restoredParams, freshParams]) disposeAll(map);
  });

  it('setState validates names, completeness and shapes', () => {
    const params = initialParams();
    const optimizer = new AdamW(params, config);
    const state = optimizer.getState();
    const extra = tf.zeros([3]);
    const wrong = tf.zeros([3, 2]);
    expect(() => optimizer.setState({ ...state, 'bogus.exp_avg': extra }, 0)).toThrow(/unknown state entry 'bogus\.exp_avg'/);
    const { ['layers.0.norm.weight.exp_avg_sq']: _dropped, ...incomplete } = state;
    expect(() => optimizer.setState(incomplete, 0)).toThrow(/missing state entry 'layers\.0\.norm\.weight\.exp_avg_sq'/);
    expect(() => optimizer.setState({ ...state, 'layers.0.mixer.in_proj.weight.exp_avg': wrong }, 0)).toThrow(
      /'layers\.0\.mixer\.in_proj\.weight\.exp_avg'.*\[3,2\].*\[2,3\]/,
    );
    expect(() => optimizer.setState(state, -1)).toThrow(/step/);
    tf.dispose([...Object.values(state), extra, wrong]);
    optimizer.dispose();
    disposeAll(params);
  });

  it('does not leak tensors across steps, and dispose frees the moments', () => {
    const params = initialParams();
    const before = tf.memory().numTensors;
    const optimizer = new AdamW(params, config);
    stepWith(optimizer, 1);
    const afterFirstStep = tf.memory().numTensors;
    for (const step of [2, 3, 4]) {
      stepWith(optimizer, step);
      expect(tf.memory().numTensors).toBe(afterFirstStep);
    }
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(params);
  });
});
