import * as tf from '@tensorflow/tfjs';
import { selectiveScan } from '@hybridssm/core';
import type { Rng, ScanImpl } from '@hybridssm/core';

export interface ScanRegressorConfig {
  /** channels */
  d: number;
  /** state size per channel */
  n: number;
}

/**
 * The smallest useful selective-SSM model: a scalar sequence in, one selective scan over d channels
 * (u, delta, B, C all input-dependent, as in Mamba §3.2), a linear read-out to a scalar sequence.
 * Initialisation follows Mamba's reference code: A = −(1..n) (S4D-real), dt in [1e-3, 1e-1] through an
 * inverse-softplus bias, D = 1.
 */
export class ScanRegressor {
  readonly variables: tf.Variable[];
  private readonly inU: tf.Variable;
  private readonly biasU: tf.Variable;
  private readonly inDelta: tf.Variable;
  private readonly deltaBias: tf.Variable;
  private readonly inB: tf.Variable;
  private readonly biasB: tf.Variable;
  private readonly inC: tf.Variable;
  private readonly biasC: tf.Variable;
  private readonly logMinusA: tf.Variable;
  private readonly D: tf.Variable;
  private readonly out: tf.Variable;

  constructor(readonly config: ScanRegressorConfig, rng: Rng) {
    const { d, n } = config;
    const variable = (initial: tf.Tensor) => {
      const v = tf.variable(initial);
      initial.dispose();
      return v;
    };
    this.inU = variable(rng.normalTensor([d]));
    this.biasU = variable(tf.zeros([d]));
    this.inDelta = variable(rng.normalTensor([d], 0.1));
    const dt = Array.from({ length: d }, () => Math.exp(Math.log(1e-3) + rng.uniform() * (Math.log(1e-1) - Math.log(1e-3))));
    this.deltaBias = variable(tf.tensor1d(dt.map((v) => v + Math.log(-Math.expm1(-v)))));
    this.inB = variable(rng.normalTensor([n], 0.5));
    this.biasB = variable(rng.normalTensor([n], 0.5));
    this.inC = variable(rng.normalTensor([n], 0.5));
    this.biasC = variable(rng.normalTensor([n], 0.5));
    const aInit = Array.from({ length: d * n }, (_, i) => Math.log((i % n) + 1));
    this.logMinusA = variable(tf.tensor2d(aInit, [d, n]));
    this.D = variable(tf.ones([d]));
    this.out = variable(rng.normalTensor([d, 1], 1 / Math.sqrt(d)));
    this.variables = [
      this.inU, this.biasU, this.inDelta, this.deltaBias, this.inB, this.biasB, this.inC, this.biasC, this.logMinusA, this.D, this.out,
    ];
  }

  /** x [b,l,1] → prediction [b,l] */
  apply(x: tf.Tensor, impl: ScanImpl = 'auto'): tf.Tensor {
    return tf.tidy(() => {
      const [b, l] = x.shape as [number, number, number];
      const { y } = selectiveScan(
        {
          u: tf.add(tf.mul(x, this.inU), this.biasU),
          delta: tf.mul(x, this.inDelta),
          A: tf.neg(tf.exp(this.logMinusA)),
          B: tf.add(tf.mul(x, this.inB), this.biasB),
          C: tf.add(tf.mul(x, this.inC), this.biasC),
          D: this.D,
          deltaBias: this.deltaBias,
        },
        { impl },
      );
      return tf.reshape(tf.matMul(tf.reshape(y, [b * l, this.config.d]), this.out), [b, l]);
    });
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
