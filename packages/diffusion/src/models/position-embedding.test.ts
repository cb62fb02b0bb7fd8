import { ArgumentError, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { positionEmbedding1d, positionEmbedding2d } from './position-embedding.js';

/** MAE's 1-D embedding of one position, written out. */
function sinCos(dim: number, position: number): number[] {
  const omega = Array.from({ length: dim / 2 }, (_, i) => 1 / 10000 ** (i / (dim / 2)));
  return [...omega.map((w) => Math.sin(position * w)), ...omega.map((w) => Math.cos(position * w))];
}

function rows(t: tf.Tensor): number[][] {
  const values = t.arraySync() as number[][];
  t.dispose();
  return values;
}

describe('sin-cos position embeddings', () => {
  beforeAll(() => initBackend('wasm'));

  it('1-D: [sin, cos] halves at frequencies 10000^(−i/(dim/2))', () => {
    const got = rows(positionEmbedding1d(6, 5));
    expect(got).toHaveLength(5);
    for (let m = 0; m < 5; m++) got[m]?.forEach((v, i) => expect(v).toBeCloseTo(sinCos(6, m)[i] as number, 6));
  });

  it('2-D at the base grid: the column in the first half, the row in the second (MAE/DiT)', () => {
    const got = rows(positionEmbedding2d(8, 3, 4, { baseSize: 4 }));
    expect(got).toHaveLength(12);
    const token = got[1 * 4 + 2] as number[]; // row 1, column 2
    // base 4 over a 3-row grid puts row i at i·4/3; the 4 columns sit at their indices
    const want = [...sinCos(4, 2), ...sinCos(4, 4 / 3)];
    token.forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 6));
  });

  it('PE interpolation: a grid twice the base reuses the base positions at half steps', () => {
    const base = rows(positionEmbedding2d(16, 4, 4, { baseSize: 4 }));
    const double = rows(positionEmbedding2d(16, 8, 8, { baseSize: 4 }));
    // token (2i, 2j) of the 8×8 grid sits where token (i, j) of the 4×4 grid does
    for (const [i, j] of [[0, 0], [1, 3], [3, 2]] as const) {
      (double[2 * i * 8 + 2 * j] as number[]).forEach((v, k) => expect(v).toBeCloseTo((base[i * 4 + j] as number[])[k] as number, 6));
    }
    const scaled = rows(positionEmbedding2d(16, 4, 4, { baseSize: 4, interpolation: 2 }));
    (scaled[1 * 4 + 1] as number[]).forEach((v, k) => expect(v).toBeCloseTo((double[1 * 8 + 1] as number[])[k] as number, 6));
  });

  it('rejects a dim that is not a multiple of 4 and empty grids', () => {
    expect(() => positionEmbedding2d(6, 2, 2, { baseSize: 2 })).toThrow(ArgumentError);
    expect(() => positionEmbedding2d(6, 2, 2, { baseSize: 2 })).toThrow(/argument 'dim' must be a positive multiple of 4; got 6/);
    expect(() => positionEmbedding2d(8, 0, 2, { baseSize: 2 })).toThrow(/argument 'gridHeight' must be a positive integer; got 0/);
    expect(() => positionEmbedding1d(3, 2)).toThrow(/argument 'dim' must be a positive multiple of 2; got 3/);
  });
});
