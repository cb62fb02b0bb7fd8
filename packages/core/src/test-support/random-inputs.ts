import * as tf from '@tensorflow/tfjs';
import type { SelectiveDims, SsdDims } from '../ops/scan-validation.js';
import { Rng } from '../util/random.js';

/** A fresh seed per run, printed in failure messages so that a failure can be replayed. */
export function freshSeed(): number {
  return Number(process.env.HYBRIDSSM_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
}

/** selectiveScan dimensions; here g = 0 asks for ungrouped [b,l,n] B and C. */
export type SelectiveShape = SelectiveDims;
export type SsdShape = SsdDims;

/** Every input of selectiveScan, including the optional ones, with decays in a realistic range. */
export function randomSelectiveInputs(rng: Rng, s: SelectiveShape): Record<string, tf.Tensor> {
  const bc = s.g === 0 ? [s.b, s.l, s.n] : [s.b, s.l, s.g, s.n];
  return {
    u: rng.normalTensor([s.b, s.l, s.d]),
    delta: rng.normalTensor([s.b, s.l, s.d], 0.5, -1),
    A: tf.neg(tf.exp(rng.normalTensor([s.d, s.n], 0.5))),
    B: rng.normalTensor(bc),
    C: rng.normalTensor(bc),
    D: rng.normalTensor([s.d]),
    z: rng.normalTensor([s.b, s.l, s.d]),
    deltaBias: rng.normalTensor([s.d], 0.3),
    initialState: rng.normalTensor([s.b, s.d, s.n]),
  };
}

/** Every input of ssdScan, including the optional ones. */
export function randomSsdInputs(rng: Rng, s: SsdShape): Record<string, tf.Tensor> {
  return {
    x: rng.normalTensor([s.b, s.l, s.h, s.p]),
    dt: rng.normalTensor([s.b, s.l, s.h], 0.5, -1),
    A: tf.neg(tf.exp(rng.normalTensor([s.h], 0.5))),
    B: rng.normalTensor([s.b, s.l, s.g, s.n]),
    C: rng.normalTensor([s.b, s.l, s.g, s.n]),
    D: rng.normalTensor([s.h]),
    z: rng.normalTensor([s.b, s.l, s.h, s.p]),
    dtBias: rng.normalTensor([s.h], 0.3),
    initialState: rng.normalTensor([s.b, s.h, s.p, s.n]),
  };
}

/** Cotangents for y and state, shaped like a scan's outputs. */
export function randomCotangents(rng: Rng, yShape: number[], stateShape: number[]): { y: tf.Tensor; state: tf.Tensor } {
  return { y: rng.normalTensor(yShape), state: rng.normalTensor(stateShape) };
}
