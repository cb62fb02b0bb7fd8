import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { DIGIT_WORDS, MNIST_CAPTION_TEMPLATES, mnistCaption } from '../data/mnist-captions.js';
import { sceneCaption } from '../data/shape-captions.js';
import { sampleScene } from '../data/shape-scenes.js';
import type { Scene } from '../data/shape-scenes.js';
import { sceneAttributes } from './dataset-attributes.js';
import { mnistPromptTarget, shapePromptTarget } from './prompt-targets.js';
import { parseShapeCaption } from './shape-caption-parser.js';

describe('mnistPromptTarget', () => {
  it('reads the digit of every template, as word or numeral', () => {
    MNIST_CAPTION_TEMPLATES.forEach((template) => {
      DIGIT_WORDS.forEach((word, digit) => {
        expect(mnistPromptTarget(template.replace('{word}', word).replace('{digit}', String(digit)))).toEqual({ digit: String(digit) });
      });
    });
  });

  it("reads mnistCaption's captions", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const digit = i % 10;
      expect(mnistPromptTarget(mnistCaption(digit, rng))).toEqual({ digit: String(digit) });
    }
  });

  it('rejects captions of no template', () => {
    expect(() => mnistPromptTarget('a handwritten digit eleven')).toThrow(/not one of the MNIST caption templates/);
    expect(() => mnistPromptTarget('a red circle')).toThrow(/not one of/);
  });
});

describe('shapePromptTarget', () => {
  const scenes = (count: number, seed: number): Scene[] => {
    const rng = new Rng(seed);
    return Array.from({ length: count }, () => sampleScene(rng, 0.5));
  };

  it('reads every caption template of sceneCaption back into the scene it describes', () => {
    const rng = new Rng(2);
    const frames = new Set<string>();
    for (const scene of scenes(4000, 3)) {
      const caption = sceneCaption(scene, rng);
      frames.add(caption.replace(/a (small|large) \w+ \w+/g, 'X'));
      expect(shapePromptTarget(caption)).toEqual(sceneAttributes(scene));
    }
    expect(frames.size).toBeGreaterThanOrEqual(4 * (6 + 8)); // every frame with every placement and relation phrase
  });

  it('takes the scene the caption was generated from when given', () => {
    const [scene, other] = scenes(2, 4) as [Scene, Scene];
    expect(shapePromptTarget(sceneCaption(other, new Rng(0)), scene)).toEqual(sceneAttributes(scene));
  });

  it('puts a pair in reading order, whichever object the caption names first', () => {
    const expected = { shape: 'circle', colour: 'red', size: 'small', secondShape: 'square', secondColour: 'blue', secondSize: 'large', relation: 'left-of' };
    expect(shapePromptTarget('a small red circle to the left of a large blue square')).toEqual(expected);
    expect(shapePromptTarget('there is a large blue square right of a small red circle')).toEqual(expected);
    expect(shapePromptTarget('a picture of a large green diamond under a small yellow triangle')).toEqual({
      shape: 'triangle', colour: 'yellow', size: 'small', secondShape: 'diamond', secondColour: 'green', secondSize: 'large', relation: 'above',
    });
    expect(shapePromptTarget('an image showing a small purple diamond in the center')).toEqual({ shape: 'diamond', colour: 'purple', size: 'small', placement: 'center', relation: 'none' });
  });

  it('rejects captions without one or two objects and one placement or relation', () => {
    expect(() => parseShapeCaption('a red circle on the left')).toThrow(/one or two objects/);
    expect(() => parseShapeCaption('a small red circle, a small blue circle and a large green square')).toThrow(/found 3/);
    expect(() => parseShapeCaption('a small red circle')).toThrow(/one placement .* found none/);
    expect(() => parseShapeCaption('a small red circle above and left of a large blue square')).toThrow(/one relation .* found above, left-of/);
  });
});
