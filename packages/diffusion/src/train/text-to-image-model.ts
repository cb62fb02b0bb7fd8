import { ArgumentError, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { argumentFailure, checkNonNegative } from '../diffusion/check-args.js';
import type { Denoiser } from '../diffusion/denoiser.js';
import { guidedBatched } from '../diffusion/guidance.js';
import { noiseSchedule } from '../diffusion/schedules.js';
import type { NoiseSchedule } from '../diffusion/schedules.js';
import { diffusionLoss } from '../diffusion/training-loss.js';
import { DiffusionBackbone } from '../models/backbone.js';
import { ByteTextEncoder } from '../models/byte-text-encoder.js';
import type { TextConditioning } from '../models/text-encoder.js';
import { validateTextToImageConfig } from './text-to-image-config.js';
import type { TextToImageConfig } from './text-to-image-config.js';

/** PixArt-α's and Dimba's class_dropout_prob: the share of captions trained as the null caption. */
export const CAPTION_DROP_PROBABILITY = 0.1;

export interface CaptionDropout {
  /** probability that a caption is replaced by the null caption; default CAPTION_DROP_PROBABILITY */
  dropProbability?: number;
}

/** A denoiser conditioned on encoded prompts; `dispose` frees the encoded prompts once sampling is done. */
export interface PromptDenoiser {
  denoise: Denoiser;
  dispose(): void;
}

function disposeText(text: TextConditioning): void {
  tf.dispose([text.tokens, text.mask]);
}

/**
 * A text-to-image diffusion model: the denoising backbone and the byte text encoder, trained jointly
 * (children `backbone.` and `text_encoder.`; Dimba freezes a pretrained T5 instead), with the noise
 * schedule and prediction type it is trained for.
 */
export class TextToImageModel extends Module {
  readonly backbone: DiffusionBackbone;
  readonly textEncoder: ByteTextEncoder;
  readonly schedule: NoiseSchedule;

  constructor(readonly config: TextToImageConfig, rng: Rng) {
    super();
    validateTextToImageConfig('TextToImageModel', config);
    this.backbone = this.child('backbone', new DiffusionBackbone(config.backbone, rng));
    this.textEncoder = this.child('text_encoder', new ByteTextEncoder(config.textEncoder, rng));
    this.schedule = noiseSchedule(config.schedule.name, config.schedule.steps);
  }

  /**
   * The diffusion loss of clean `images` [b, h, w, c] in [−1, 1] with one caption each, with condition
   * dropout for classifier-free guidance: each caption is replaced by the null caption with probability
   * `dropProbability`. `rng` draws the dropout (one uniform per caption) first, then diffusionLoss's
   * timesteps and noise. Call it inside the gradient computation.
   */
  loss(images: tf.Tensor, captions: readonly string[], rng: Rng, options: CaptionDropout = {}): tf.Scalar {
    const { dropProbability = CAPTION_DROP_PROBABILITY } = options;
    if (!(dropProbability >= 0 && dropProbability <= 1)) argumentFailure('TextToImageModel.loss', 'dropProbability', 'a number in [0, 1]', String(dropProbability));
    if (captions.length !== images.shape[0]) {
      throw new ArgumentError(`TextToImageModel.loss: ${captions.length} captions for ${images.shape[0]} images; give one caption per image`);
    }
    const dropped = captions.map(() => rng.uniform() < dropProbability);
    return tf.tidy(() => {
      const encoded = this.textEncoder.encode(captions);
      const text = dropped.some(Boolean) ? this.backbone.captionEmbedder.dropCaptions(encoded, dropped) : encoded;
      return diffusionLoss({ schedule: this.schedule, denoise: this.backbone.denoiser(text), x0: images, rng, prediction: this.config.prediction });
    });
  }

  /**
   * The samplers' denoiser for `prompts` (one per sample) with classifier-free guidance of scale
   * `guidance` ≥ 0 against the null caption, on a doubled batch; at 1 it is the plain conditional
   * denoiser (one batch), at 0 the unconditional one.
   */
  denoiserFor(prompts: readonly string[], guidance: number): PromptDenoiser {
    checkNonNegative('TextToImageModel.denoiserFor', 'guidance', guidance);
    const text = this.textEncoder.encode(prompts);
    if (guidance === 1) return { denoise: this.backbone.denoiser(text), dispose: () => disposeText(text) };
    const pair = tf.tidy(() => {
      const none = this.backbone.captionEmbedder.nullCaption(prompts.length);
      return { tokens: tf.concat([text.tokens, none.tokens], 0), mask: tf.concat([text.mask, none.mask], 0) };
    });
    disposeText(text);
    return { denoise: guidedBatched(this.backbone.denoiser(pair), guidance), dispose: () => disposeText(pair) };
  }
}
