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
  /** channel independence (PatchTST): each variable is its own univariate series through shared weights */
  channelIndependent: boolean;
  /** the code's `dropout`: after the embedding, on attention weights and outputs, in the FFN (none around Mamba) */
  dropout: number;
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
    const seriesChannels = config.channelIndependent ? 1 : dims.channels;
    this.embedding = this.child('dec_embedding', new DataEmbedding(seriesChannels, dims.markChannels, config.dModel, config.positional, rng, config.dropout));
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
            attention: { numHeads: config.nHeads, causal: true, bias: true, attentionDropout: config.dropout, outputDropout: config.dropout },
            mlp: { hidden: config.dFF, activation: 'gelu', bias: true, dropout: config.dropout },
          },
        },
        rng,
      ),
    );
    this.head = this.child('out_proj', new Linear({ inFeatures: config.dModel, outFeatures: seriesChannels }, rng));
  }

  forecast(input: ForecastInput): tf.Tensor {
    return tf.tidy(() => {
      const { predLen, targetChannels, channels } = this.dims;
      const b = input.x.shape[0] as number;
      const normalized = this.revin?.normalize(input.x);
      const x = normalized?.x ?? input.x;
      const out = this.config.channelIndependent ? this.forecastEachChannel(x, input) : this.forecastSeries(x, input.xMark, input.yMark);
      const prediction = tf.slice(out, [0, 0, channels - targetChannels], [b, predLen, targetChannels]);
      return normalized === undefined ? prediction : (this.revin as RevIN).denormalize(prediction, normalized.mean, normalized.std);
    });
  }

  /** x [b,l,c] → [b,predLen,c]: each channel as a batch row of one univariate series, with its window's time features. */
  private forecastEachChannel(x: tf.Tensor, input: ForecastInput): tf.Tensor {
    const [b, l, c] = x.shape as [number, number, number];
    const series = tf.reshape(tf.transpose(x, [0, 2, 1]), [b * c, l, 1]);
    const repeatMarks = (marks: tf.Tensor | null) => {
      if (marks === null) return null;
      const [, t, m] = marks.shape as [number, number, number];
      return tf.reshape(tf.tile(tf.expandDims(marks, 1), [1, c, 1, 1]), [b * c, t, m]);
    };
    const out = this.forecastSeries(series, repeatMarks(input.xMark), repeatMarks(input.yMark));
    return tf.transpose(tf.reshape(out, [b, c, this.dims.predLen]), [0, 2, 1]);
  }

  /** x [b,l,c] → the head's output at the pred_len positions after the start token, [b,predLen,c]. */
  private forecastSeries(x: tf.Tensor, xMark: tf.Tensor | null, yMark: tf.Tensor | null): tf.Tensor {
    const { labelLen, predLen, seqLen } = this.dims;
    const [b, , c] = x.shape as [number, number, number];
    const start = tf.slice(x, [0, seqLen - labelLen, 0], [b, labelLen, c]);
    const decoderInput = tf.concat([start, tf.zeros([b, predLen, c])], 1);
    const marks = xMark === null || yMark === null ? null : tf.concat([tf.slice(xMark, [0, seqLen - labelLen, 0], [-1, labelLen, -1]), yMark], 1);
    const out = this.head.apply(this.stack.apply(this.embedding.apply(decoderInput, marks)));
    return tf.slice(out, [0, labelLen, 0], [b, predLen, c]);
  }
}
