import { ArgumentError, Rng } from '@hybridssm/core';
import type * as tf from '@tensorflow/tfjs';
import { argumentFailure, checkIntegerInRange, checkNonNegative, checkOneOf } from '../diffusion/check-args.js';
import { ddimSample } from '../diffusion/ddim-sampler.js';
import { ddpmSample } from '../diffusion/ddpm-sampler.js';
import type { ParameterEma } from '../diffusion/ema.js';
import type { SamplerOptions, SamplingProgress } from '../diffusion/sampling-loop.js';
import type { ImageBatch } from '../data/image-batch.js';
import { imageChannels } from '../train/text-to-image-config.js';
import type { TextToImageModel } from '../train/text-to-image-model.js';

export const IMAGE_SAMPLERS = ['ddim', 'ddpm'] as const;
export type ImageSampler = (typeof IMAGE_SAMPLERS)[number];

export interface SampleImagesOptions {
  sampler: ImageSampler;
  /**
   * Sampling steps S in [1, T]. DDPM with S < T is the respaced ancestral sampler (improved-diffusion's
   * respacing), which is DDIM with η = 1.
   */
  steps: number;
  /** classifier-free guidance scale ≥ 0: 1 = the conditional model, 0 = the unconditional one (PixArt-α samples at 4.5) */
  guidance: number;
  /** DDIM's η ≥ 0, default 0 (deterministic); sampler 'ddim' only */
  eta?: number;
  /** draws x_T and the sampler's noise: the same seed gives the same images */
  seed: number;
  /** images per prompt, default 1 */
  samplesPerPrompt?: number;
  /** sample from these parameter averages (swapped into the model for the run, then out again) */
  ema?: ParameterEma;
  /** image height and width, default the model's training size; divisible by its patch size */
  height?: number;
  width?: number;
  onStep?: (progress: SamplingProgress) => void;
}

/** Generated images in [−1, 1], prompt by prompt (each prompt's samples together), with the time they took. */
export interface SampledImages extends ImageBatch {
  /** the prompt of each image */
  prompts: string[];
  /** wall-clock milliseconds per image, prompt encoding and read-back included */
  msPerImage: number;
}

const OP = 'sampleImages';

function checkSampleOptions(model: TextToImageModel, prompts: readonly string[], options: SampleImagesOptions): { height: number; width: number; perPrompt: number } {
  if (!Array.isArray(prompts) || prompts.length === 0 || prompts.some((prompt) => typeof prompt !== 'string')) {
    throw new ArgumentError(`${OP}: argument 'prompts' must be a non-empty array of strings; got ${JSON.stringify(prompts)?.slice(0, 80)}`);
  }
  checkOneOf(OP, 'sampler', options.sampler, IMAGE_SAMPLERS);
  checkIntegerInRange(OP, 'steps', options.steps, 1, model.schedule.steps);
  checkNonNegative(OP, 'guidance', options.guidance);
  if (options.eta !== undefined) {
    if (options.sampler !== 'ddim') argumentFailure(OP, 'eta', "left out with sampler 'ddpm' (η is DDIM's)", String(options.eta));
    checkNonNegative(OP, 'eta', options.eta);
  }
  checkIntegerInRange(OP, 'seed', options.seed, 0, 2 ** 32 - 1);
  const perPrompt = options.samplesPerPrompt ?? 1;
  checkIntegerInRange(OP, 'samplesPerPrompt', perPrompt, 1, Number.MAX_SAFE_INTEGER);
  const { imageSize, patch } = model.config.backbone;
  const [height, width] = [options.height ?? imageSize, options.width ?? imageSize];
  for (const [name, side] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(side) || side < patch || side % patch !== 0) argumentFailure(OP, name, `a positive multiple of the patch size ${patch}`, String(side));
  }
  return { height, width, perPrompt };
}

/** The sampler's run: all T steps of DDPM's, or S of DDIM's (η = 1 for respaced DDPM). */
function runSampler(options: SampleImagesOptions, sampler: SamplerOptions): tf.Tensor {
  const { steps } = options;
  if (options.sampler === 'ddpm') return steps === sampler.schedule.steps ? ddpmSample(sampler) : ddimSample({ ...sampler, steps, eta: 1 });
  return ddimSample({ ...sampler, steps, eta: options.eta ?? 0 });
}

/** The samples of shape [n, h, w, c] for one prompt each, read back; every tensor is freed. */
async function generate(model: TextToImageModel, prompts: readonly string[], options: SampleImagesOptions, shape: number[]): Promise<Float32Array> {
  const conditioned = model.denoiserFor(prompts, options.guidance);
  try {
    const samples = runSampler(options, {
      schedule: model.schedule,
      denoise: conditioned.denoise,
      shape,
      rng: new Rng(options.seed),
      prediction: model.config.prediction,
      clipDenoised: true,
      ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
    });
    try {
      return (await samples.data()) as Float32Array;
    } finally {
      samples.dispose();
    }
  } finally {
    conditioned.dispose();
  }
}

/**
 * Generates `samplesPerPrompt` images for each prompt (any string: empty, very long or in any script;
 * the byte encoder truncates) with classifier-free guidance, x_0 clipped to [−1, 1] at every step, in
 * one batch. Bad options throw an ArgumentError naming the option; no tensor outlives the call.
 */
export async function sampleImages(model: TextToImageModel, prompts: readonly string[], options: SampleImagesOptions): Promise<SampledImages> {
  const { height, width, perPrompt } = checkSampleOptions(model, prompts, options);
  const channels = imageChannels(OP, model.config.backbone);
  const imagePrompts = prompts.flatMap((prompt) => Array.from({ length: perPrompt }, () => prompt));
  const start = performance.now();
  options.ema?.swapIn();
  try {
    const images = await generate(model, imagePrompts, options, [imagePrompts.length, height, width, channels]);
    const msPerImage = (performance.now() - start) / imagePrompts.length;
    return { images, count: imagePrompts.length, height, width, channels, prompts: imagePrompts, msPerImage };
  } finally {
    options.ema?.swapOut();
  }
}
