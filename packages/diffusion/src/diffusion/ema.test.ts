import { Module, Rng, decodeSafetensors, encodeSafetensors, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParameterEma } from './ema.js';

class Affine extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  constructor(rng: Rng) {
    super();
    this.weight = this.parameter('weight', rng.normalTensor([3, 2]));
    this.bias = this.parameter('bias', rng.normalTensor([2]));
  }
}

class TwoLayers extends Module {
  readonly first: Affine;
  readonly second: Affine;
  constructor(rng: Rng) {
    super();
    this.first = this.child('first', new Affine(rng));
    this.second = this.child('second', new Affine(rng));
  }
}

/** Every parameter's values, by name, as float64. */
function values(model: Module): Map<string, number[]> {
  return new Map([...model.parameters()].map(([name, variable]) => [name, Array.from(variable.dataSync(), Number)]));
}

/** Sets every parameter to fresh random values, as an optimiser step would change them. */
function perturb(model: Module, rng: Rng): void {
  for (const variable of model.parameters().values()) {
    const next = rng.normalTensor(variable.shape);
    variable.assign(next);
    next.dispose();
  }
}

function expectClose(actual: Map<string, number[]>, expected: Map<string, number[]>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [name, numbers] of actual) numbers.forEach((v, i) => expect(v).toBeCloseTo(expected.get(name)![i]!, 5));
}

function swappedInValues(ema: ParameterEma, model: Module): Map<string, number[]> {
  ema.swapIn();
  const averaged = values(model);
  ema.swapOut();
  return averaged;
}

describe('ParameterEma', () => {
  beforeAll(() => initBackend('cpu'));

  it('averages shadow ← d·shadow + (1 − d)·θ over updates (float64 reference)', () => {
    const rng = new Rng(1);
    const model = new TwoLayers(rng);
    const ema = new ParameterEma(model);
    let reference = values(model);
    for (const decay of [0.9, 0.5, 0.99]) {
      perturb(model, rng);
      ema.update(decay);
      const current = values(model);
      reference = new Map([...reference].map(([name, shadow]) => [name, shadow.map((s, i) => decay * s + (1 - decay) * current.get(name)![i]!)]));
    }
    expect(ema.updates).toBe(3);
    expectClose(swappedInValues(ema, model), reference);
    ema.dispose();
    model.dispose();
  });

  it('with warmup, decays at min(d, (1 + n)/(10 + n))', () => {
    const model = new TwoLayers(new Rng(2));
    const ema = new ParameterEma(model, { warmup: true });
    expect(ema.effectiveDecay(0.999)).toBeCloseTo(0.1, 12);
    const initial = values(model);
    perturb(model, new Rng(3));
    const current = values(model);
    ema.update(0.999);
    expect(ema.effectiveDecay(0.999)).toBeCloseTo(2 / 11, 12);
    expect(ema.effectiveDecay(0.05)).toBe(0.05);
    expectClose(swappedInValues(ema, model), new Map([...initial].map(([name, s]) => [name, s.map((v, i) => 0.1 * v + 0.9 * current.get(name)![i]!)])));
    ema.dispose();
    model.dispose();
  });

  it('swaps the averages in for sampling and the trained weights back out', () => {
    const rng = new Rng(4);
    const model = new TwoLayers(rng);
    const ema = new ParameterEma(model);
    perturb(model, rng);
    const trained = values(model);
    const before = tf.memory().numTensors;
    ema.swapIn();
    expect(ema.swappedIn).toBe(true);
    expect(() => ema.update(0.9)).toThrow('ParameterEma.update: the averages are swapped in; call swapOut() first');
    expect(() => ema.swapIn()).toThrow(/swapIn: the averages are swapped in/);
    ema.swapOut();
    expect(() => ema.swapOut()).toThrow('ParameterEma.swapOut: the averages are not swapped in');
    expectClose(values(model), trained);
    expect(tf.memory().numTensors).toBe(before);
    ema.dispose();
    model.dispose();
  });

  it('saves and loads as named tensors, with the update count beside them', async () => {
    const rng = new Rng(5);
    const model = new TwoLayers(rng);
    const ema = new ParameterEma(model, { warmup: true });
    perturb(model, rng);
    ema.update(0.9);
    const named = ema.namedTensors();
    expect(Object.keys(named)).toEqual(['ema.first.weight', 'ema.first.bias', 'ema.second.weight', 'ema.second.bias']);
    const decoded = decodeSafetensors(await encodeSafetensors({ ...named, 'model.other': model.first.bias }), 'memory').tensors;

    const restoredModel = new TwoLayers(new Rng(6));
    const restored = new ParameterEma(restoredModel, { warmup: true });
    restored.load(decoded, ema.updates);
    expect(restored.updates).toBe(1);
    expect(restored.effectiveDecay(0.999)).toBe(ema.effectiveDecay(0.999));
    expectClose(swappedInValues(restored, restoredModel), swappedInValues(ema, model));

    const wrong = { 'ema.first.weight': tf.zeros([2, 2]) };
    expect(() => restored.load(wrong, 1)).toThrow(/tensor 'first.weight' has shape \[2,2\], the model expects \[3,2\]/);
    expect(() => restored.load(decoded, -1)).toThrow("ParameterEma.load: argument 'updates' must be an integer in [0, 9007199254740991]; got -1");
    expect(() => ema.update(1.5)).toThrow("ParameterEma.update: argument 'decay' must be a number in [0, 1]; got 1.5");
    tf.dispose([...Object.values(decoded), ...Object.values(wrong)]);
    for (const owned of [ema, restored, model, restoredModel]) owned.dispose();
  });

  it('frees its shadows on dispose, restoring the trained weights if swapped in', () => {
    const model = new TwoLayers(new Rng(7));
    const before = tf.memory().numTensors;
    const ema = new ParameterEma(model);
    perturb(model, new Rng(8));
    const trained = values(model);
    ema.swapIn();
    ema.dispose();
    expectClose(values(model), trained);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
