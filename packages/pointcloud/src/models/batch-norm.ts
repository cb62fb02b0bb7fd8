import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Module } from '@hybridssm/core';

/**
 * PyTorch's nn.BatchNorm1d (Ioffe & Szegedy 2015) over the channel axis, channels-last: x [..., C] is
 * normalised per channel over every other axis (PyTorch's [N, C] and [N, C, L] inputs are [N, C] and
 * [N, L, C] here). While training (`Module.setTraining(true)`) it uses the batch statistics (biased
 * variance) and updates the running statistics with PyTorch's rule,
 * running ← (1 − momentum) · running + momentum · batch (the unbiased variance for running_var);
 * otherwise it uses the running statistics. weight = 1, bias = 0, running_mean = 0, running_var = 1 at
 * init. The running statistics are buffers, not parameters: `parameters()` leaves them out (an
 * optimiser must not see them, nor `countParameters`); `namedBuffers(model)` lists them under their
 * PyTorch names (`….running_mean`, `….running_var`) for checkpoints. PyTorch's num_batches_tracked is
 * not kept (it is only read when momentum is None).
 */
export class BatchNorm1d extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(readonly numFeatures: number, readonly eps = 1e-5, readonly momentum = 0.1) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ArgumentError(`BatchNorm1d: config 'numFeatures' must be a positive integer; got ${numFeatures}`);
    }
    if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentError(`BatchNorm1d: 'momentum' must be in [0, 1]; got ${momentum}`);
    this.weight = this.parameter('weight', tf.ones([numFeatures]));
    this.bias = this.parameter('bias', tf.zeros([numFeatures]));
    this.runningMean = tf.variable(tf.zeros([numFeatures]), false);
    this.runningVar = tf.variable(tf.ones([numFeatures]), false);
  }

  /** The running statistics under their PyTorch names. */
  ownBuffers(): ReadonlyMap<string, tf.Variable> {
    return new Map([
      ['running_mean', this.runningMean],
      ['running_var', this.runningVar],
    ]);
  }

  /** x [..., C] → [..., C] */
  apply(x: tf.Tensor): tf.Tensor {
    const c = this.numFeatures;
    if (x.rank < 2 || x.shape[x.rank - 1] !== c) {
      throw new ArgumentError(`BatchNorm1d: argument 'x' must have shape [..., ${c}] with rank ≥ 2; got [${x.shape.join(',')}]`);
    }
    return tf.tidy(() => {
      if (!this.training) {
        const scale = tf.mul(this.weight, tf.rsqrt(tf.add(this.runningVar, this.eps)));
        return tf.add(tf.mul(tf.sub(x, this.runningMean), scale), this.bias);
      }
      const n = x.size / c;
      if (n < 2) throw new ArgumentError(`BatchNorm1d: expected more than 1 value per channel when training; got input shape [${x.shape.join(',')}]`);
      const flat = tf.reshape(x, [n, c]);
      const { mean, variance } = tf.moments(flat, 0);
      const m = this.momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(variance, (m * n) / (n - 1))));
      const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.eps)));
      return tf.add(tf.mul(normalised, this.weight), this.bias);
    });
  }

  override dispose(): void {
    this.runningMean.dispose();
    this.runningVar.dispose();
    super.dispose();
  }
}

/** Every buffer (BatchNorm running statistics) of a module tree under its full PyTorch-style name. */
export function namedBuffers(model: Module, prefix = ''): Map<string, tf.Variable> {
  const all = new Map<string, tf.Variable>();
  if (model instanceof BatchNorm1d) for (const [name, v] of model.ownBuffers()) all.set(`${prefix}${name}`, v);
  for (const [name, child] of model.namedChildren()) {
    for (const [childName, v] of namedBuffers(child, `${prefix}${name}.`)) all.set(childName, v);
  }
  return all;
}
