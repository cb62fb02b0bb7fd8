import { Rng } from '@hybridssm/core';
import { BACKBONE_KINDS, backboneConfig } from '../models/backbone-config.js';
import type { BackboneConfig, BackbonePreset } from '../models/backbone-config.js';
import { matchParameterCount } from '../models/parameter-count.js';
import { DIGIT_WORDS } from '../data/mnist-captions.js';
import { textToImageConfig } from '../train/text-to-image-config.js';
import { TextToImageModel } from '../train/text-to-image-model.js';

/**
 * The three backbones at one parameter count: the `preset` Dimba as the reference, DiT and DiM with
 * their widths solved to its count (matchParameterCount: same depth, heads, patch and text width).
 */
export function equalParameterBackbones(preset: BackbonePreset): BackboneConfig[] {
  const reference = backboneConfig({ kind: 'dimba', preset });
  return BACKBONE_KINDS.map((kind) => (kind === 'dimba' ? reference : matchParameterCount(reference, kind)));
}

/** A text-to-image model around `backbone` with seeded, untrained weights: the cost of sampling does not depend on training. */
export function untrainedModel(backbone: BackboneConfig, seed: number): TextToImageModel {
  return new TextToImageModel(textToImageConfig({ backbone }), new Rng(seed));
}

/** `count` MNIST-style prompts, digits 0…9 in turn. */
export function digitPrompts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `a handwritten digit ${DIGIT_WORDS[i % DIGIT_WORDS.length]}`);
}
