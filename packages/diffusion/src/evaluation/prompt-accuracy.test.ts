import { describe, expect, it } from 'vitest';
import type { Attributes } from './attributes.js';
import { promptAccuracy } from './prompt-accuracy.js';

describe('promptAccuracy', () => {
  it('counts an image right when every attribute its prompt asked for matches, and each attribute over the prompts that asked for it', () => {
    const predicted: Attributes[] = [
      { shape: 'circle', colour: 'red', relation: 'none', secondShape: 'square' },
      { shape: 'circle', colour: 'blue', relation: 'none', secondShape: 'square' },
      { shape: 'square', colour: 'blue', relation: 'left-of', secondShape: 'circle' },
      { shape: 'square', colour: 'green', relation: 'left-of', secondShape: 'diamond' },
    ];
    const asked: Attributes[] = [
      { shape: 'circle', colour: 'red', relation: 'none' }, // right (secondShape not asked)
      { shape: 'circle', colour: 'red', relation: 'none' }, // colour wrong
      { shape: 'square', colour: 'blue', relation: 'left-of', secondShape: 'circle' }, // right
      { shape: 'square', colour: 'green', relation: 'above', secondShape: 'circle' }, // relation and second shape wrong
    ];
    expect(promptAccuracy(predicted, asked)).toEqual({
      images: 4,
      accuracy: 0.5,
      perAttribute: { shape: 1, colour: 0.75, relation: 0.75, secondShape: 0.5 },
    });
  });

  it('treats a prediction that lacks an asked attribute as wrong', () => {
    expect(promptAccuracy([{ digit: '3' }, {}], [{ digit: '3' }, { digit: '4' }])).toEqual({ images: 2, accuracy: 0.5, perAttribute: { digit: 0.5 } });
  });

  it('needs one prediction per prompt', () => {
    expect(() => promptAccuracy([{ digit: '1' }], [])).toThrow(/as many predictions as prompts/);
    expect(() => promptAccuracy([], [])).toThrow(/at least one/);
  });
});
