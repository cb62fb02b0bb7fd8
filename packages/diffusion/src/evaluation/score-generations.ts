import { argumentFailure } from '../diffusion/check-args.js';
import type { DiffusionDataName, DiffusionSplits } from '../data/diffusion-data.js';
import { sampleImages } from '../sample/sample-images.js';
import type { SampleImagesOptions, SampledImages } from '../sample/sample-images.js';
import type { TextToImageModel } from '../train/text-to-image-model.js';
import { cachedImageClassifier } from './classifier-cache.js';
import type { ClassifierSettings } from './classifier-cache.js';
import { classifierFeatures, classifyImages } from './classifier-inference.js';
import { frechetDistanceOfGaussians, gaussianStatistics } from './frechet-distance.js';
import type { GaussianStatistics } from './frechet-distance.js';
import { imageClassifierConfig } from './image-classifier.js';
import type { ImageClassifier } from './image-classifier.js';
import { promptAccuracy } from './prompt-accuracy.js';
import type { PromptAccuracy } from './prompt-accuracy.js';
import type { ClassifierTrainingConfig } from './train-classifier.js';

/**
 * How each dataset's evaluation classifier is trained (on its whole training split). Measured on the
 * default splits (9,000 / 1,000), the share of test images with every attribute right: MNIST 97.6 %;
 * digits at 28 px 99.7 % (5 epochs of 32, so that the smoke's 1,000 images train it too; 3 of 64 gave
 * 98.9 % at 16 px); shapes at 32 px 99.4 % (3 epochs gave 81.7 %, the first object's shape being the
 * hard part), while at 16 px (3 epochs) only 28 %: small shapes span 3 pixels there.
 */
export const EVALUATION_CLASSIFIER_TRAINING: Readonly<Record<DiffusionDataName, ClassifierTrainingConfig>> = {
  mnist: { epochs: 3, batch: 64, learningRate: 3e-3, seed: 0 },
  digits: { epochs: 5, batch: 32, learningRate: 3e-3, seed: 0 },
  shapes: { epochs: 8, batch: 64, learningRate: 3e-3, seed: 0 },
};

/** The classifier that scores a dataset's generations, with its accuracy and the real test images' feature statistics. */
export interface GenerationEvaluator {
  splits: DiffusionSplits;
  classifier: ImageClassifier;
  /** its accuracy on the real test images: the ceiling of a generator's prompt accuracy */
  classifierAccuracy: PromptAccuracy;
  /** mean and covariance of the classifier's features of the real test images */
  realStatistics: GaussianStatistics;
  /** whether the classifier was trained by this call (false: loaded from the cache) */
  classifierTrained: boolean;
  dispose(): void;
}

/** The evaluation classifier's settings for a dataset: its images' size, its heads, EVALUATION_CLASSIFIER_TRAINING, and the data's description. */
export function evaluationClassifierSettings(splits: DiffusionSplits): ClassifierSettings {
  const { height, width, channels } = splits.train;
  return {
    model: imageClassifierConfig({ height, width, channels, heads: splits.heads }),
    training: EVALUATION_CLASSIFIER_TRAINING[splits.name],
    data: splits.description,
  };
}

/**
 * The evaluator of a dataset's generations: its classifier, trained on the training split and measured
 * on the test split, or loaded from `cachePath` when it was cached with the same settings and data.
 */
export async function generationEvaluator(splits: DiffusionSplits, cachePath: string, options: { quiet?: boolean } = {}): Promise<GenerationEvaluator> {
  const { classifier, testAccuracy, trained } = await cachedImageClassifier(
    cachePath,
    evaluationClassifierSettings(splits),
    () => ({ train: splits.trainAttributes, test: splits.testAttributes }),
    { quiet: options.quiet ?? true, label: `evaluation classifier (${splits.name})` },
  );
  try {
    const realStatistics = gaussianStatistics(await classifierFeatures(classifier, splits.test));
    return { splits, classifier, classifierAccuracy: testAccuracy, realStatistics, classifierTrained: trained, dispose: () => classifier.dispose() };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

/** How well generated images follow their prompts and how close they lie to the real test images. */
export interface GenerationScores {
  /** the share (0…1) of images whose classified attributes are all those their prompt asked for */
  promptAccuracy: number;
  /** per attribute, the share of the images whose prompt asked for it that show it */
  perAttribute: Record<string, number>;
  /** the Fréchet distance between the classifier's features of the generated and of the real test images (not FID: no Inception network) */
  frechetDistance: number;
  /** sampling time per image */
  msPerImage: number;
  samples: SampledImages;
}

/**
 * Scores images generated for their prompts (captions of the evaluator's dataset) with the evaluation
 * classifier: prompt accuracy, and the Fréchet distance of their features to the real test images'
 * (it needs at least two images; with few it is biased upwards, so compare it only at equal counts).
 */
export async function scoreSamples(evaluator: GenerationEvaluator, samples: SampledImages): Promise<GenerationScores> {
  if (!(samples.count >= 2)) argumentFailure('scoreSamples', 'samples', 'at least two images', String(samples.count));
  const asked = samples.prompts.map((prompt) => evaluator.splits.promptTarget(prompt));
  const accuracy = promptAccuracy(await classifyImages(evaluator.classifier, samples), asked);
  const generated = gaussianStatistics(await classifierFeatures(evaluator.classifier, samples));
  return {
    promptAccuracy: accuracy.accuracy,
    perAttribute: accuracy.perAttribute,
    frechetDistance: frechetDistanceOfGaussians(evaluator.realStatistics, generated),
    msPerImage: samples.msPerImage,
    samples,
  };
}

/** Samples images for `prompts` (captions of the evaluator's dataset; each is checked first) and scores them (scoreSamples). */
export async function scoreGenerations(model: TextToImageModel, evaluator: GenerationEvaluator, prompts: readonly string[], options: SampleImagesOptions): Promise<GenerationScores> {
  const images = prompts.length * (options.samplesPerPrompt ?? 1);
  if (!(images >= 2)) argumentFailure('scoreGenerations', 'prompts', 'at least two images in all (prompts × samplesPerPrompt)', String(images));
  for (const prompt of prompts) evaluator.splits.promptTarget(prompt);
  return scoreSamples(evaluator, await sampleImages(model, prompts, options));
}
