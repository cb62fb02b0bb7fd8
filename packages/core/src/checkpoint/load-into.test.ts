import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assignCheckpoint } from './load-into.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SOURCE = 'ckpt.safetensors';
const ORIGINAL = { w: [[1, 2], [3, 4]], b: [5] };

let params: Map<string, tf.Variable>;
let loaded: Record<string, tf.Tensor>;
let tensorsBefore: number;

function variableOf(values: number[] | number[][]): tf.Variable {
  const initial = tf.tensor(values);
  const variable = tf.variable(initial);
  initial.dispose();
  return variable;
}

function valuesOf(params: Map<string, tf.Variable>): Record<string, unknown> {
  return Object.fromEntries([...params].map(([name, variable]) => [name, variable.arraySync()]));
}

beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
  // `w` comes first, so an implementation that assigned before checking would have changed it by the time `b` fails.
  params = new Map([
    ['w', variableOf(ORIGINAL.w)],
    ['b', variableOf(ORIGINAL.b)],
  ]);
  loaded = {};
});

afterEach(() => {
  for (const tensor of Object.values(loaded)) tensor.dispose();
  for (const variable of params.values()) variable.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('assignCheckpoint', () => {
  it('assigns every tensor, and the variables keep their values after the caller disposes the checkpoint', () => {
    loaded = { b: tf.tensor1d([-1]), w: tf.tensor2d([[10, 20], [30, 40]]) };
    assignCheckpoint(SOURCE, loaded, params);
    for (const tensor of Object.values(loaded)) tensor.dispose();
    loaded = {};
    expect(valuesOf(params)).toEqual({ w: [[10, 20], [30, 40]], b: [-1] });
  });

  it('rejects a missing tensor and changes nothing', () => {
    loaded = { w: tf.tensor2d([[10, 20], [30, 40]]) };
    expect(() => assignCheckpoint(SOURCE, loaded, params)).toThrow(
      `checkpoint ${SOURCE}: missing tensor 'b' (shape [1]) that the model expects`,
    );
    expect(valuesOf(params)).toEqual(ORIGINAL);
  });

  it('rejects an unexpected tensor and changes nothing', () => {
    loaded = { w: tf.tensor2d([[10, 20], [30, 40]]), b: tf.tensor1d([-1]), extra: tf.scalar(0) };
    expect(() => assignCheckpoint(SOURCE, loaded, params)).toThrow(`checkpoint ${SOURCE}: unexpected tensor 'extra'`);
    expect(valuesOf(params)).toEqual(ORIGINAL);
  });

  it('rejects a tensor of the wrong shape and changes nothing', () => {
    loaded = { w: tf.tensor2d([[10, 20], [30, 40]]), b: tf.tensor2d([[1, 2]]) };
    expect(() => assignCheckpoint(SOURCE, loaded, params)).toThrow(
      `checkpoint ${SOURCE}: tensor 'b' has shape [1,2], the model expects [1]`,
    );
    expect(valuesOf(params)).toEqual(ORIGINAL);
  });

  it('rejects a tensor of the wrong dtype and changes nothing', () => {
    loaded = { w: tf.tensor2d([[10, 20], [30, 40]]), b: tf.tensor1d([7], 'int32') };
    expect(() => assignCheckpoint(SOURCE, loaded, params)).toThrow(
      `checkpoint ${SOURCE}: tensor 'b' has dtype int32, the model expects float32`,
    );
    expect(valuesOf(params)).toEqual(ORIGINAL);
  });

  it('lists every mismatch in one error', () => {
    loaded = { w: tf.zeros([3]), extra: tf.scalar(0) };
    expect(() => assignCheckpoint(SOURCE, loaded, params)).toThrow(
      [
        `checkpoint ${SOURCE}: tensor 'w' has shape [3], the model expects [2,2]`,
        `checkpoint ${SOURCE}: missing tensor 'b' (shape [1]) that the model expects`,
        `checkpoint ${SOURCE}: unexpected tensor 'extra' that the model does not have`,
      ].join('\n'),
    );
    expect(valuesOf(params)).toEqual(ORIGINAL);
  });
});
