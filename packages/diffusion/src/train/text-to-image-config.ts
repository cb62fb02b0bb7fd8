import { argumentFailure, checkOneOf } from '../diffusion/check-args.js';
import { PREDICTION_TYPES } from '../diffusion/parameterization.js';
import type { PredictionType } from '../diffusion/parameterization.js';
import { noiseSchedule } from '../diffusion/schedules.js';
import type { ScheduleName } from '../diffusion/schedules.js';
import type { BackboneConfig } from '../models/backbone-config.js';
import type { ByteTextEncoderConfig } from '../models/byte-text-encoder.js';

/** Everything that builds a text-to-image model (and is saved in its header). */
export interface TextToImageConfig {
  backbone: BackboneConfig;
  /** its `dim` and `maxTokens` are the backbone's `textDim` and `textTokens` */
  textEncoder: Required<ByteTextEncoderConfig>;
  /** the training noise schedule: name and T */
  schedule: { name: ScheduleName; steps: number };
  /** what the backbone predicts */
  prediction: PredictionType;
}

export interface TextToImageOptions {
  backbone: BackboneConfig;
  /** Transformer blocks of the byte text encoder, default 2 */
  textLayers?: number;
  /** its attention heads, default 2 */
  textHeads?: number;
  /** default 'linear' (PixArt-α's and Dimba's) */
  schedule?: ScheduleName;
  /** T, default 1000 (PixArt-α's and Dimba's) */
  diffusionSteps?: number;
  /** default 'epsilon' (PixArt-α's and Dimba's) */
  prediction?: PredictionType;
}

/** A model config around `backbone`, with a byte text encoder matching its caption width and length; validated. */
export function textToImageConfig(options: TextToImageOptions): TextToImageConfig {
  const { backbone } = options;
  const config: TextToImageConfig = {
    backbone,
    textEncoder: { dim: backbone.textDim, maxTokens: backbone.textTokens, layers: options.textLayers ?? 2, heads: options.textHeads ?? 2 },
    schedule: { name: options.schedule ?? 'linear', steps: options.diffusionSteps ?? 1000 },
    prediction: options.prediction ?? 'epsilon',
  };
  validateTextToImageConfig('textToImageConfig', config);
  return config;
}

/**
 * Throws an ArgumentError naming what is inconsistent: the text encoder must produce the tokens the
 * backbone reads, the schedule must exist, and the model works in pixel space (grey or RGB). The
 * backbone's and the encoder's own fields are checked by their constructors.
 */
export function validateTextToImageConfig(op: string, config: TextToImageConfig): void {
  const { backbone, textEncoder } = config;
  if (textEncoder.dim !== backbone.textDim) argumentFailure(op, 'textEncoder.dim', `backbone.textDim = ${backbone.textDim}`, String(textEncoder.dim));
  if (textEncoder.maxTokens !== backbone.textTokens) {
    argumentFailure(op, 'textEncoder.maxTokens', `backbone.textTokens = ${backbone.textTokens}`, String(textEncoder.maxTokens));
  }
  imageChannels(op, backbone);
  noiseSchedule(config.schedule.name, config.schedule.steps);
  checkOneOf(op, 'prediction', config.prediction, PREDICTION_TYPES);
}

/** The backbone's channels as image channels: 1 (grey) or 3 (RGB). */
export function imageChannels(op: string, backbone: BackboneConfig): 1 | 3 {
  const { channels } = backbone;
  if (channels !== 1 && channels !== 3) argumentFailure(op, 'backbone.channels', '1 (grey) or 3 (RGB) for a pixel-space model', String(channels));
  return channels;
}
