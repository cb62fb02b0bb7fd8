import * as tf from '@tensorflow/tfjs';
import { HybridStack, Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import type { ForecastInput, Forecaster, ForecasterDims } from './forecaster.js';
import { RevIN } from './revin.js';

export interface PatchTstConfig {
  dModel: number;
  nHeads: number;
  dFF: number;
  layers: number;
  patchLen: number;
  stride: number;
  /**
   * The encoder's layer pattern (m Mamba, * attention, - feed-forward) and whether its attention is
   * causal; default PatchTST's `layers` × (bidirectional attention, FFN). The family's `patch` option
   * runs a family member's pattern here (causal, as in the family).
   */
  encoder?: { pattern: string; causal: boolean; dState: number; dConv: number };
}

/**
 * PatchTST-style baseline (Nie et al. 2023): RevIN; every channel on its own (channel independence);
 * the series cut into patches (length P, stride S, the last value repeated S times at the end), each
 * patch linearly embedded plus a learned position; a bidirectional post-norm Transformer encoder; the
 * patch embeddings flattened into a linear head to predLen. LayerNorm replaces the original's BatchNorm.
 * With `encoder`, the same model around another post-norm stack: the Mambaformer family on patches.
 */
export class PatchTst extends Module implements Forecaster {
  readonly patches: number;
  private readonly revin: RevIN;
  private readonly patchEmbedding: Linear;
  readonly position: tf.Variable;
  private readonly encoder: HybridStack;
  private readonly head: Linear;

  constructor(readonly config: PatchTstConfig, readonly dims: ForecasterDims, rng: Rng) {
    super();
    this.patches = Math.floor((dims.seqLen - config.patchLen) / config.stride) + 2;
    this.revin = this.child('revin_layer', new RevIN(dims.channels));
    this.patchEmbedding = this.child('W_P', new Linear({ inFeatures: config.patchLen, outFeatures: config.dModel }, rng));
    this.position = this.parameter('W_pos', rng.uniformTensor([this.patches, config.dModel], -0.02, 0.02));
    const encoder = config.encoder;
    this.encoder = this.child(
      'encoder',
      new HybridStack(
        {
          dModel: config.dModel,
          pattern: encoder?.pattern ?? '*-'.repeat(config.layers),
          residual: 'post-norm',
          norm: 'layer',
          layers: {
            attention: { numHeads: config.nHeads, causal: encoder?.causal ?? false, bias: true },
            mlp: { hidden: config.dFF, activation: 'gelu', bias: true },
            ...(encoder !== undefined ? { mamba: { dState: encoder.dState, dConv: encoder.dConv } } : {}),
          },
        },
        rng,
      ),
    );
    this.head = this.child('head', new Linear({ inFeatures: this.patches * config.dModel, outFeatures: dims.predLen }, rng));
  }

  forecast(input: ForecastInput): tf.Tensor {
    return tf.tidy(() => {
      const { seqLen, predLen, channels, targetChannels } = this.dims;
      const { patchLen, stride, dModel } = this.config;
      const b = input.x.shape[0] as number;
      const { x, mean, std } = this.revin.normalize(input.x);
      const series = tf.reshape(tf.transpose(x, [0, 2, 1]), [b * channels, seqLen]);
      const padded = tf.concat([series, tf.tile(tf.slice(series, [0, seqLen - 1], [-1, 1]), [1, stride])], 1);
      const patches = tf.stack(Array.from({ length: this.patches }, (_, p) => tf.slice(padded, [0, p * stride], [-1, patchLen])), 1);
      const encoded = this.encoder.apply(tf.add(this.patchEmbedding.apply(patches), this.position)); // [b·c, patches, d]
      const out = this.head.apply(tf.reshape(encoded, [b * channels, this.patches * dModel])); // [b·c, predLen]
      const prediction = tf.transpose(tf.reshape(out, [b, channels, predLen]), [0, 2, 1]);
      const restored = this.revin.denormalize(prediction, mean, std);
      return tf.slice(restored, [0, 0, channels - targetChannels], [b, predLen, targetChannels]);
    });
  }
}
