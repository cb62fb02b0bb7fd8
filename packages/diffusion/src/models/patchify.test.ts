import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchify, unpatchify } from './patchify.js';

describe('patchify / unpatchify', () => {
  beforeAll(() => initBackend('wasm'));

  it('lays tokens row-major over the patch grid, features row-major over the patch then channel', () => {
    // one 4×4 image with 2 channels: pixel (y, x) holds [10y + x, −(10y + x)]
    const values = Array.from({ length: 4 }, (_, y) => Array.from({ length: 4 }, (_, x) => [10 * y + x, -(10 * y + x)]));
    const images = tf.tensor4d([values]);
    const tokens = patchify(images, 2);
    expect(tokens.shape).toEqual([1, 4, 8]);
    const rows = tokens.arraySync() as number[][][];
    // token 1 is the top-right patch: pixels (0,2), (0,3), (1,2), (1,3)
    expect(rows[0]?.[1]).toEqual([2, -2, 3, -3, 12, -12, 13, -13]);
    tf.dispose([images, tokens]);
  });

  it('round-trips non-square images of several channels', () => {
    const images = new Rng(1).normalTensor([2, 8, 12, 3]);
    const before = tf.memory().numTensors;
    const back = tf.tidy(() => unpatchify(patchify(images, 4), { height: 8, width: 12, patch: 4 }));
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(back.shape).toEqual([2, 8, 12, 3]);
    expect(Array.from(back.dataSync())).toEqual(Array.from(images.dataSync()));
    tf.dispose([images, back]);
  });

  it('names the sizes when h or w is not divisible by the patch, and bad token shapes', () => {
    const odd = tf.zeros([1, 7, 8, 1]);
    expect(() => patchify(odd, 2)).toThrow(ArgumentError);
    expect(() => patchify(odd, 2)).toThrow(/patchify: argument 'images' must be of height and width divisible by the patch size 2; got height 7, width 8 \(shape \[1,7,8,1\]\)/);
    const tokens = tf.zeros([1, 5, 4]);
    expect(() => unpatchify(tokens, { height: 4, width: 4, patch: 2 })).toThrow(/unpatchify: argument 'tokens' must be of shape \[b, 4, p·p·c\] with p = 2; got \[1,5,4\]/);
    expect(() => unpatchify(tokens, { height: 5, width: 4, patch: 2 })).toThrow(/height 5, width 4/);
    tf.dispose([odd, tokens]);
  });
});
