import * as tf from '@tensorflow/tfjs';
import { layerError } from './layer-errors.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import type { MixerContext } from './state-cache.js';
import type { Rng } from '../util/random.js';

/** A sequence mixer over the whole sequence: [b,l,d] → [b,l,d]. */
export interface SequenceMixer extends Module {
  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor;
}

export type BidirectionalMerge = 'sum' | 'concat';

/**
 * Bidirectional wrapper for non-causal backbones (Vision Mamba, Dimba, point-cloud Mambas): one mixer
 * reads the sequence forward, a second reads it reversed; their outputs are summed, or concatenated
 * and projected back to dModel by a Linear (`merge: 'concat'`).
 */
export class Bidirectional extends Module {
  private readonly forwardMixer: SequenceMixer;
  private readonly backwardMixer: SequenceMixer;
  private readonly projection: Linear | undefined;

  constructor(makeMixer: () => SequenceMixer, readonly merge: BidirectionalMerge, dModel: number, rng: Rng) {
    super();
    if (merge !== 'sum' && merge !== 'concat') layerError('Bidirectional', `argument 'merge' must be 'sum' or 'concat'; got ${JSON.stringify(merge)}`);
    this.forwardMixer = this.child('forward', makeMixer());
    this.backwardMixer = this.child('backward', makeMixer());
    this.projection = merge === 'concat' ? this.child('proj', new Linear({ inFeatures: 2 * dModel, outFeatures: dModel, bias: false }, rng)) : undefined;
  }

  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor {
    return tf.tidy(() => {
      const forward = this.forwardMixer.apply(x, ctx);
      const backward = tf.reverse(this.backwardMixer.apply(tf.reverse(x, 1), ctx), 1);
      return this.projection === undefined ? tf.add(forward, backward) : this.projection.apply(tf.concat([forward, backward], -1));
    });
  }
}
