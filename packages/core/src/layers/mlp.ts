import * as tf from '@tensorflow/tfjs';
import { GeluDecode } from '../ops/decode-kernel-names.js';
import { fusedDecode } from './decode-support.js';
import { optionalDropout } from './dropout.js';
import type { Dropout } from './dropout.js';
import { layerError, requirePositiveInteger } from './layer-errors.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import type { Rng } from '../util/random.js';

export type MlpActivation = 'gelu' | 'swiglu';

export interface MlpConfig {
  dModel: number;
  /** hidden width; default 4·dModel (gelu) or the LLaMA-style 8/3·dModel rounded up to 8 (swiglu) */
  hidden?: number;
  activation?: MlpActivation;
  /** default false, as in Megatron's --disable-bias-linear */
  bias?: boolean;
  /** dropout while training after the activation and after the output (the Transformer FFN's); default 0 */
  dropout?: number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** x Φ(x) with Φ the standard normal CDF (1 + erf(x/√2)) / 2. */
function geluValue(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

let geluOp: ((x: tf.Tensor) => tf.Tensor) | undefined;

/**
 * Exact GELU: x Φ(x) = x (1 + erf(x/√2)) / 2 (Hendrycks & Gimpel 2016; PyTorch's F.gelu). Its gradient,
 * Φ(x) + x φ(x), is written out so that a gradient keeps only x: autodiff through the formula would keep
 * four tensors of x's size (the products, erf's input and the sum), each as large as an MLP's hidden layer.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  geluOp ??= tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input]);
    const gradFunc = (dy: tf.Tensor, [saved]: tf.Tensor[]) =>
      tf.tidy(() => {
        const u = saved as tf.Tensor;
        const cdf = tf.mul(tf.add(1, tf.erf(tf.mul(u, Math.SQRT1_2))), 0.5);
        const pdf = tf.mul(tf.exp(tf.mul(tf.square(u), -0.5)), INV_SQRT_2PI);
        return tf.mul(dy, tf.add(cdf, tf.mul(u, pdf)));
      });
    return { value: geluValue(input), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
  return geluOp(x);
}

/**
 * The MLP block: GELU, fc2(gelu(fc1 x)), or SwiGLU, w2(silu(w1 x) · w3 x) (Shazeer 2020).
 */
export class Mlp extends Module {
  readonly activation: MlpActivation;
  readonly hidden: number;
  private readonly up: Linear;
  private readonly gate: Linear | undefined;
  private readonly down: Linear;
  private readonly hiddenDropout: Dropout | undefined;
  private readonly outDropout: Dropout | undefined;

  constructor(config: MlpConfig, rng: Rng) {
    super();
    const d = requirePositiveInteger('Mlp', 'dModel', config.dModel);
    this.activation = config.activation ?? 'gelu';
    if (this.activation !== 'gelu' && this.activation !== 'swiglu') {
      layerError('Mlp', `config 'activation' must be 'gelu' or 'swiglu'; got ${JSON.stringify(config.activation)}`);
    }
    this.hidden = config.hidden ?? (this.activation === 'gelu' ? 4 * d : 8 * Math.ceil((8 * d) / 3 / 8));
    const bias = config.bias ?? false;
    if (this.activation === 'gelu') {
      this.up = this.child('fc1', new Linear({ inFeatures: d, outFeatures: this.hidden, bias }, rng));
      this.gate = undefined;
      this.down = this.child('fc2', new Linear({ inFeatures: this.hidden, outFeatures: d, bias }, rng));
    } else {
      this.up = this.child('w1', new Linear({ inFeatures: d, outFeatures: this.hidden, bias }, rng));
      this.gate = this.child('w3', new Linear({ inFeatures: d, outFeatures: this.hidden, bias }, rng));
      this.down = this.child('w2', new Linear({ inFeatures: this.hidden, outFeatures: d, bias }, rng));
    }
    this.hiddenDropout = this.optionalChild('hidden_dropout', optionalDropout(config.dropout, rng));
    this.outDropout = this.optionalChild('dropout', optionalDropout(config.dropout, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const up = this.up.apply(x);
      const hidden = this.gate === undefined ? gelu(up) : tf.mul(tf.mul(up, tf.sigmoid(up)), this.gate.apply(x));
      const out = this.down.apply(this.hiddenDropout?.apply(hidden) ?? hidden);
      return this.outDropout?.apply(out) ?? out;
    });
  }

  /**
   * One token x [b,dModel] (any leading shape) → the same as `apply`, with the projections' decode form
   * (`Linear.step`) and, on cpu and wasm, GELU as one fused kernel.
   */
  step(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const up = this.up.step(x);
      let hidden: tf.Tensor;
      if (this.gate !== undefined) hidden = tf.mul(tf.mul(up, tf.sigmoid(up)), this.gate.step(x));
      else hidden = fusedDecode(GeluDecode) ? (tf.engine().runKernel(GeluDecode, { x: up }) as tf.Tensor) : gelu(up);
      const out = this.down.step(this.hiddenDropout?.apply(hidden) ?? hidden);
      return this.outDropout?.apply(out) ?? out;
    });
  }
}
