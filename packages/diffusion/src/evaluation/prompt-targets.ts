import { DIGIT_WORDS, MNIST_CAPTION_TEMPLATES } from '../data/mnist-captions.js';
import type { Attributes } from './attributes.js';
import { digitAttributes, sceneAttributes } from './dataset-attributes.js';
import type { SceneDescription } from './dataset-attributes.js';
import { parseShapeCaption } from './shape-caption-parser.js';

/** Each MNIST caption template as a whole-caption pattern capturing the digit's word or numeral. */
const MNIST_CAPTION_PATTERNS = MNIST_CAPTION_TEMPLATES.map((template) => {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace('{word}', `(?<word>${DIGIT_WORDS.join('|')})`).replace('{digit}', '(?<digit>[0-9])')}$`, 'i');
});

/** What an MNIST caption (one of MNIST_CAPTION_TEMPLATES) asks for: its digit. */
export function mnistPromptTarget(caption: string): Attributes {
  for (const pattern of MNIST_CAPTION_PATTERNS) {
    const groups = pattern.exec(caption.trim())?.groups;
    if (groups?.word !== undefined) return digitAttributes(DIGIT_WORDS.indexOf(groups.word.toLowerCase() as (typeof DIGIT_WORDS)[number]));
    if (groups?.digit !== undefined) return digitAttributes(Number(groups.digit));
  }
  throw new Error(`mnistPromptTarget: '${caption}' is not one of the MNIST caption templates (${MNIST_CAPTION_TEMPLATES.join('; ')})`);
}

/**
 * What a shapes caption asks for, as the evaluation classifier's attributes: from the scene it was
 * generated from when given (renderShapes returns them), else read from the caption.
 */
export function shapePromptTarget(caption: string, scene?: SceneDescription): Attributes {
  return sceneAttributes(scene ?? parseShapeCaption(caption));
}
