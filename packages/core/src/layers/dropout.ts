import * as tf from '@tensorflow/tfjs';
import { dropoutMask } from '../ops/dropout-mask.js';
import { layerError } from './layer-errors.js';
import { Module } from './module.js';
import type { Rng } from '../util/random.js';

/**
 * Inverted dropout (Srivastava et al. 2014): while training, each element is zeroed with probability
 * `rate` and the rest scaled by 1/(1 − rate); the identity otherwise. Masks are seeded by (the layer's
 * seed, the optimiser step, the call within the step), so a resumed run draws the same masks; every
 * backend draws the same mask for a seed (ops/dropout-mask.ts).
 */
export class Dropout extends Module {
  private readonly seed: number;
  private callsThisStep = 0;

  constructor(readonly rate: number, rng: Rng) {
    super();
    if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) layerError('Dropout', `argument 'rate' must be in [0, 1); got ${rate}`);
    this.seed = Math.floor(rng.uniform() * 2 ** 31);
  }

  protected override onTrainingChange(): void {
    this.callsThisStep = 0;
  }

  protected override savePassState(): number {
    return this.callsThisStep;
  }

  protected override restorePassState(calls: unknown): void {
    this.callsThisStep = calls as number;
  }

  /** The mask's shape (tf.dropout's noiseShape): absent = one draw per element; a subclass may share draws. */
  protected noiseShape(_x: tf.Tensor): number[] | undefined {
    return undefined;
  }

  apply(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.rate === 0) return x;
    const seed = (this.seed + 1_000_003 * this.trainingStep + 7_919 * this.callsThisStep++) % 2 ** 31;
    return tf.tidy(() => tf.mul(x, dropoutMask(this.noiseShape(x) ?? x.shape, this.rate, seed)));
  }
}

/** A Dropout when `rate` > 0, else undefined (so a rate of 0 leaves a model's initialisation stream untouched). */
export function optionalDropout(rate: number | undefined, rng: Rng): Dropout | undefined {
  return rate === undefined || rate === 0 ? undefined : new Dropout(rate, rng);
}
