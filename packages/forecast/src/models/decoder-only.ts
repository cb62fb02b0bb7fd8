import * as tf from '@tensorflow/tfjs';
import { HybridStack, Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import { DataEmbedding } from './data-embedding.js';
import type { ForecastInput, Forecaster, ForecasterDims } from './forecaster.js';
import { RevIN } from './revin.js';

export interface DecoderOnlyConfig {
  /** layer pattern of the post-norm stack, e.g. "m*m" for Mambaformer with one layer */
  pattern: string;
  /** add the sinusoidal position encoding (embed_type 1) or not (embed_type 2) */
  positional: boolean;
  dModel: number;
  nHeads: number;
  dFF: number;
  dState: number;
  dConv: number;
  revin: boolean;
}

/**
 * The decoder-only forecasters of the Mambaformer code (Xu et al. 2024): the decoder input is the last
 * label_len observations followed by pred_len zeros, with the time features of all of them; a DataEmbedding,
 * a post-LayerNorm residual stack of Mamba (m), causal attention (*) and feed-forward (-) layers, and a
 * linear head; the prediction is the head's output at the last pred_len positions.
 */
export class DecoderOnlyForecaster extends Module implements Forecaster {
  private readonly embedding: DataEmbedding;
  private readonly stack: HybridStack;
  private readonly head: Linear;
  private readonly revin: RevIN | undefined;

  constructor(readonly config: DecoderOnlyConfig, readonly dims: ForecasterDims, rng: Rng) {
    super();
    this.revin = config.revin ? this.child('revin', new RevIN(dims.channels)) : undefined;
    this.embedding = this.child('dec_embedding', new DataEmbedding(dims.channels, dims.markChannels, config.dModel, config.positional, rng));
    this.stack = this.child(
      'layers',
      new HybridStack(
        {
          dModel: config.dModel,
          pattern: config.pattern,
          residual: 'post-norm',
          norm: 'layer',
          layers: {
            mamba: { dState: config.dState, dConv: config.dConv },
            attention: { numHeads: config.nHeads, causal: true, bias: true },
            mlp: { hidden: config.dFF, activation: 'gelu', bias: true },
          },
        },
        rng,
      ),
    );
    this.head = this.child('out_proj', new Linear({ inFeatures: config.dModel, outFeatures: dims.channels }, rng));
  }

  forecast(input: ForecastInput): tf.Tensor {
    return tf.tidy(() => {
      const { labelLen, predLen, seqLen, targetChannels, channels } = this.dims;
      const b = input.x.shape[0] as number;
      const normalized = this.revin?.normalize(input.x);
      const x = normalized?.x ?? input.x;
      const start = tf.slice(x, [0, seqLen - labelLen, 0], [b, labelLen, channels]);
      const decoderInput = tf.concat([start, tf.zeros([b, predLen, channels])], 1);
      const marks =
        input.xMark === null || input.yMark === null
          ? null
          : tf.concat([tf.slice(input.xMark, [0, seqLen - labelLen, 0], [-1, labelLen, -1]), input.yMark], 1);
      const out = this.head.apply(this.stack.apply(this.embedding.apply(decoderInput, marks)));
      const prediction = tf.slice(out, [0, labelLen, channels - targetChannels], [b, predLen, targetChannels]);
      return normalized === undefined ? prediction : (this.revin as RevIN).denormalize(prediction, normalized.mean, normalized.std);
    });
  }
}
