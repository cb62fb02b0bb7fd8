import * as tf from '@tensorflow/tfjs';
import { Linear, Module, optionalDropout } from '@hybridssm/core';
import type { Dropout } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';

/**
 * The standard deviation of TokenEmbedding's initial weights. The official layers/Embed.py calls
 * `nn.init.kaiming_normal_(m.weight, mode='fan_in', nonlinearity='leaky_relu')` without `a`, and `a`
 * (the negative slope) defaults to 0, so the gain is √(2 / (1 + 0²)) = √2; fan_in = c_in · kernel 3.
 */
export function tokenEmbeddingInitStd(channels: number): number {
  return Math.sqrt(2) / Math.sqrt(3 * channels);
}

/**
 * Informer's TokenEmbedding: Conv1d(c_in → d_model, kernel 3, circular padding, no bias) over time,
 * Kaiming-normal init (tokenEmbeddingInitStd). Weight [d_model, c_in, 3] as in PyTorch.
 */
export class TokenEmbedding extends Module {
  readonly weight: tf.Variable;

  constructor(readonly channels: number, readonly dModel: number, rng: Rng) {
    super();
    this.weight = this.parameter('tokenConv.weight', rng.normalTensor([dModel, channels, 3], tokenEmbeddingInitStd(channels)));
  }

  /** x [b,l,c] → [b,l,d]: y_t = Σ_j W[:,:,j] x_{t−1+j}, with x_{−1} = x_{l−1} and x_l = x_0 (circular). */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [b, l, c] = x.shape as [number, number, number];
      const padded = tf.concat([tf.slice(x, [0, l - 1, 0], [b, 1, c]), x, tf.slice(x, [0, 0, 0], [b, 1, c])], 1);
      const taps = tf.unstack(tf.transpose(this.weight, [2, 1, 0])); // 3 × [c, d]
      const terms = taps.map((tap, j) => tf.matMul(tf.reshape(tf.slice(padded, [0, j, 0], [b, l, c]), [b * l, c]), tap as tf.Tensor2D));
      return tf.reshape(tf.addN(terms), [b, l, this.dModel]);
    });
  }
}

/** Transformer sinusoidal position encoding [l, d] (Vaswani et al. 2017, §3.5). */
export function sinusoidalPositions(length: number, dModel: number): tf.Tensor2D {
  const values = new Float32Array(length * dModel);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = p * Math.exp((-i * Math.log(10000)) / dModel);
      values[p * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) values[p * dModel + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [length, dModel]);
}

/**
 * Time-Series-Library's DataEmbedding with `embed = timeF`: value (TokenEmbedding) + time features
 * (Linear without bias) + optionally the sinusoidal position (`embed_type` 1 vs 2 in the Mambaformer code),
 * then dropout while training.
 */
export class DataEmbedding extends Module {
  private readonly value: TokenEmbedding;
  private readonly temporal: Linear | undefined;
  private readonly dropout: Dropout | undefined;

  constructor(channels: number, markChannels: number, readonly dModel: number, readonly positional: boolean, rng: Rng, dropout = 0) {
    super();
    this.value = this.child('value_embedding', new TokenEmbedding(channels, dModel, rng));
    this.temporal =
      markChannels > 0 ? this.child('temporal_embedding.embed', new Linear({ inFeatures: markChannels, outFeatures: dModel, bias: false }, rng)) : undefined;
    this.dropout = this.optionalChild('dropout', optionalDropout(dropout, rng));
  }

  apply(x: tf.Tensor, marks: tf.Tensor | null): tf.Tensor {
    return tf.tidy(() => {
      let out = this.value.apply(x);
      if (this.temporal !== undefined && marks !== null) out = tf.add(out, this.temporal.apply(marks));
      if (this.positional) out = tf.add(out, sinusoidalPositions(x.shape[1] as number, this.dModel));
      return this.dropout?.apply(out) ?? out;
    });
  }
}
