import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Module, sumOverLeadingAxes } from '@hybridssm/core';

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
    // tidy disposes the initial tensors (the variables share their data); variables outlive a tidy
    this.runningMean = tf.tidy(() => tf.variable(tf.zeros([numFeatures]), false));
    this.runningVar = tf.tidy(() => tf.variable(tf.ones([numFeatures]), false));
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
      const { y, mean, variance } = batchNormTraining(x, this.weight, this.bias, this.eps);
      const m = this.momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(variance, (m * n) / (n - 1))));
      tf.dispose([mean, variance]);
      return y;
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

/**
 * Training-mode batch normalisation of x [..., C] with the batch statistics (biased variance), as one
 * differentiable op whose gradient is the closed form (Ioffe & Szegedy 2015, §3):
 * dx = w/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), dw = Σ dy · x̂, db = Σ dy. Written out, tfjs would
 * reduce over the leading axes by transposing (slow on wasm); here every reduction is
 * `sumOverLeadingAxes`. Also returns the batch mean and variance (not differentiated) for the running
 * statistics (kept outside any tidy: the caller disposes them).
 */
function batchNormTraining(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: number): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const c = x.shape[x.rank - 1] as number;
  const n = x.size / c;
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | undefined;
  const op = tf.customGrad(((input: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = tf.div(sumOverLeadingAxes(input), n);
    const centred = tf.sub(input, mean);
    const variance = tf.div(sumOverLeadingAxes(tf.square(centred)), n);
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const normalised = tf.mul(centred, invStd);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    save([normalised, invStd, w]);
    const gradFunc = (dy: tf.Tensor, [xHat, inv, savedW]: tf.Tensor[]) => {
      const dBias = sumOverLeadingAxes(dy);
      const dWeight = sumOverLeadingAxes(tf.mul(dy, xHat as tf.Tensor));
      const centredDy = tf.sub(tf.sub(dy, tf.div(dBias, n)), tf.mul(xHat as tf.Tensor, tf.div(dWeight, n)));
      return [tf.mul(centredDy, tf.mul(savedW as tf.Tensor, inv as tf.Tensor)), dWeight, dBias];
    };
    return { value: tf.add(tf.mul(normalised, w), b), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  const y = op(x, weight, bias);
  const { mean, variance } = stats as NonNullable<typeof stats>;
  return { y, mean, variance };
}
