import { describe, expect, it } from 'vitest';
import { ABSENT_LABEL, encodeAttributes } from './attributes.js';
import { MNIST_ATTRIBUTE_HEADS, SHAPE_ATTRIBUTE_HEADS, digitAttributes, mnistAttributeImages, sceneAttributes } from './dataset-attributes.js';

describe('attributes', () => {
  it('encodes attribute values as class indices, absent ones as ABSENT_LABEL', () => {
    const labels = encodeAttributes(SHAPE_ATTRIBUTE_HEADS, [
      sceneAttributes({ objects: [{ shape: 'triangle', colour: 'blue', size: 'large', placement: 'top' }], relation: null }),
    ]);
    const A = ABSENT_LABEL;
    expect(Array.from(labels)).toEqual([2, 2, 1, 3, A, A, A, 0]);
    expect(() => encodeAttributes(MNIST_ATTRIBUTE_HEADS, [{ digit: '10' }])).toThrow(/'10' is not a digit/);
    expect(() => encodeAttributes(MNIST_ATTRIBUTE_HEADS, [{ colour: 'red' }])).toThrow(/no head predicts/);
  });

  it('reads a pair in reading order: the left or upper object first', () => {
    const red = { shape: 'circle', colour: 'red', size: 'small' } as const;
    const blue = { shape: 'square', colour: 'blue', size: 'large' } as const;
    expect(sceneAttributes({ objects: [blue, red], relation: 'right-of' })).toEqual(sceneAttributes({ objects: [red, blue], relation: 'left-of' }));
    expect(sceneAttributes({ objects: [red, blue], relation: 'below' })).toEqual({
      shape: 'square', colour: 'blue', size: 'large', secondShape: 'circle', secondColour: 'red', secondSize: 'small', relation: 'above',
    });
    expect(() => sceneAttributes({ objects: [red], relation: null })).toThrow(/needs its placement/);
    expect(() => sceneAttributes({ objects: [red, blue], relation: null })).toThrow(/one object without a relation or two with one/);
  });

  it('labels MNIST images by digit', () => {
    const mnist = { images: new Float32Array(2 * 784), count: 2, height: 28, width: 28, channels: 1 as const, labels: Uint8Array.from([7, 0]), captions: ['', ''], indices: [0, 1] };
    expect(mnistAttributeImages(mnist).attributes).toEqual([{ digit: '7' }, { digit: '0' }]);
    expect(() => digitAttributes(10)).toThrow(/0…9/);
  });
});
