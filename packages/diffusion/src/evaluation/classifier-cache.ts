import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Rng, loadModel, saveModel } from '@hybridssm/core';
import type { AttributeImages } from './attributes.js';
import { ImageClassifier } from './image-classifier.js';
import type { ImageClassifierConfig } from './image-classifier.js';
import type { PromptAccuracy } from './prompt-accuracy.js';
import { classifierAccuracy, trainImageClassifier } from './train-classifier.js';
import type { ClassifierTrainingConfig, ClassifierTrainingOptions } from './train-classifier.js';

/** What defines a trained evaluation classifier: its shape, its training and, optionally, a description of its data. */
export interface ClassifierSettings {
  model: ImageClassifierConfig;
  training: ClassifierTrainingConfig;
  /** what it is trained on (e.g. DiffusionSplits.description): a cached classifier of other data is retrained */
  data?: string;
}

/** The header of a saved evaluation classifier: its settings and its accuracy on the real test images. */
export interface SavedClassifierConfig extends ClassifierSettings {
  testAccuracy: PromptAccuracy;
}

/** Real images to train the classifier on and to measure it with. */
export interface ClassifierData {
  train: AttributeImages;
  test: AttributeImages;
}

/** A trained evaluation classifier, its test accuracy, and whether it was trained now (false: loaded). */
export interface CachedClassifier {
  classifier: ImageClassifier;
  testAccuracy: PromptAccuracy;
  trained: boolean;
}

/** JSON's view of a value (optional fields left undefined disappear), as the checkpoint header keeps it. */
const asJson = (value: object): unknown => JSON.parse(JSON.stringify(value));

/**
 * The evaluation classifier of `settings`, trained once and cached at `path` (weights, with the settings
 * and the test accuracy in the header, core's saveModel): loaded when the file was saved with the same
 * settings, else trained on `data()` — initial weights seeded by the training seed — measured on its
 * test images and saved, replacing the file. `data` is only called when training.
 */
export async function cachedImageClassifier(path: string, settings: ClassifierSettings, data: () => Promise<ClassifierData> | ClassifierData, options: ClassifierTrainingOptions = {}): Promise<CachedClassifier> {
  if (existsSync(path)) {
    const { model, config } = await loadModel(path, (saved: SavedClassifierConfig) => new ImageClassifier(saved.model, new Rng(0)));
    if (isDeepStrictEqual(asJson({ model: config.model, training: config.training, data: config.data }), asJson(settings))) {
      return { classifier: model, testAccuracy: config.testAccuracy, trained: false };
    }
    model.dispose();
  }
  const { train, test } = await data();
  const classifier = new ImageClassifier(settings.model, new Rng(settings.training.seed));
  try {
    await trainImageClassifier(classifier, train, settings.training, options);
    const testAccuracy = await classifierAccuracy(classifier, test);
    const saved: SavedClassifierConfig = { ...settings, testAccuracy };
    await saveModel(path, classifier, saved);
    return { classifier, testAccuracy, trained: true };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}
