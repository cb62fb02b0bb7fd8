import * as tf from '@tensorflow/tfjs';
import { Linear } from '../layers/linear.js';
import { Module } from '../layers/module.js';
import { HybridStack } from '../models/hybrid-stack.js';
import { Rng } from '../util/random.js';

/** A small model for training tests: Linear in → hybrid stack "M*-m" → Linear out, on [b,l,2] sequences. */
export class TinyRegressor extends Module {
  private readonly input: Linear;
  private readonly stack: HybridStack;
  private readonly output: Linear;

  constructor(seed: number) {
    super();
    const rng = new Rng(seed);
    this.input = this.child('input', new Linear({ inFeatures: 2, outFeatures: 8 }, rng));
    this.stack = this.child(
      'stack',
      new HybridStack(
        { dModel: 8, pattern: 'M*-m', layers: { mamba2: { dState: 4, headdim: 4, chunkSize: 4 }, mamba: { dState: 4 }, attention: { numHeads: 2 } } },
        rng,
      ),
    );
    this.output = this.child('output', new Linear({ inFeatures: 8, outFeatures: 1 }, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.output.apply(this.stack.apply(this.input.apply(x))));
  }
}

/** A deterministic batch for update `step`: the target is a running sum of the first input channel. */
export function regressionBatch(seed: number, step: number, micro: number, batch = 4, length = 10): { x: tf.Tensor; y: tf.Tensor } {
  const rng = new Rng(seed * 100_003 + step * 17 + micro);
  return tf.tidy(() => {
    const x = rng.normalTensor([batch, length, 2]);
    const y = tf.mul(tf.cumsum(tf.slice(x, [0, 0, 0], [batch, length, 1]), 1), 0.3);
    return { x, y };
  });
}

export function regressionLoss(model: TinyRegressor, seed: number) {
  return (step: number, micro: number): tf.Scalar => {
    const { x, y } = regressionBatch(seed, step, micro);
    const loss = tf.losses.meanSquaredError(y, model.apply(x)) as tf.Scalar;
    tf.dispose([x, y]);
    return loss;
  };
}
