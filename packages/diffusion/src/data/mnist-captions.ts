import type { Rng } from '@hybridssm/core';

/** The English word of each digit, index = digit. */
export const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

/** Caption templates for a digit: {word} is its English word, {digit} its numeral. */
export const MNIST_CAPTION_TEMPLATES: readonly string[] = [
  'a handwritten digit {word}',
  'the number {digit} written by hand',
  'a drawing of the digit {word}',
  'the digit {digit}',
  'a handwritten {word}',
  'a sketch of the number {word}',
  'the numeral {digit}, handwritten',
  'a scribbled {digit}',
];

/** A caption for `digit` (0…9), its template drawn by `rng`. */
export function mnistCaption(digit: number, rng: Rng): string {
  const word = DIGIT_WORDS[digit];
  if (word === undefined) throw new Error(`mnistCaption: digit must be an integer 0…9, got ${digit}`);
  const template = MNIST_CAPTION_TEMPLATES[Math.floor(rng.uniform() * MNIST_CAPTION_TEMPLATES.length)] as string;
  return template.replace('{word}', word).replace('{digit}', String(digit));
}
