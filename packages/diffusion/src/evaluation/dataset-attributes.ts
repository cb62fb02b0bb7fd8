import { DIGIT_WORDS } from '../data/mnist-captions.js';
import type { DigitImages } from '../data/mnist.js';
import { PLACEMENTS, SHAPE_COLOUR_NAMES, SHAPE_KINDS, SHAPE_SIZE_NAMES } from '../data/shape-scenes.js';
import type { Placement, Relation, SceneObject } from '../data/shape-scenes.js';
import type { ShapesDataset } from '../data/shapes.js';
import type { AttributeHead, AttributeImages, Attributes } from './attributes.js';

/** MNIST: one head, the digit '0'…'9'. */
export const MNIST_ATTRIBUTE_HEADS: readonly AttributeHead[] = [{ name: 'digit', classes: DIGIT_WORDS.map((_, digit) => String(digit)) }];

/**
 * Where the first object of a pair lies relative to the second once the pair is put in reading order
 * (see sceneAttributes), or 'none' for a lone object.
 */
export const ARRANGEMENTS = ['none', 'left-of', 'above'] as const;

/**
 * Shapes: the first object's shape, colour and size; the lone object's placement; the second object's
 * shape, colour and size; and the arrangement. A picture does not say which object of a pair a caption
 * named first, so a pair is read left to right or top to bottom: the first object is the left or upper one.
 */
export const SHAPE_ATTRIBUTE_HEADS: readonly AttributeHead[] = [
  { name: 'shape', classes: SHAPE_KINDS },
  { name: 'colour', classes: SHAPE_COLOUR_NAMES },
  { name: 'size', classes: SHAPE_SIZE_NAMES },
  { name: 'placement', classes: PLACEMENTS },
  { name: 'secondShape', classes: SHAPE_KINDS },
  { name: 'secondColour', classes: SHAPE_COLOUR_NAMES },
  { name: 'secondSize', classes: SHAPE_SIZE_NAMES },
  { name: 'relation', classes: ARRANGEMENTS },
];

/** What a scene or a caption says about its objects: a Scene, or what a caption parser reads. */
export interface SceneDescription {
  /** For one object, its placement is required. */
  objects: ReadonlyArray<Pick<SceneObject, 'shape' | 'colour' | 'size'> & { placement?: Placement }>;
  /** Where objects[0] is relative to objects[1]; null for one object. */
  relation: Relation | null;
}

/** The attributes of a digit. */
export function digitAttributes(digit: number): Attributes {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error(`digitAttributes: digit must be an integer 0…9, got ${digit}`);
  return { digit: String(digit) };
}

/** A scene's attributes under SHAPE_ATTRIBUTE_HEADS: a pair in reading order (right-of and below swap the objects). */
export function sceneAttributes(scene: SceneDescription): Attributes {
  const [first, second] = scene.objects;
  if (first === undefined || scene.objects.length > 2 || (second === undefined) !== (scene.relation === null)) {
    throw new Error(`sceneAttributes: a scene is one object without a relation or two with one; got ${scene.objects.length} objects, relation ${scene.relation}`);
  }
  if (second === undefined || scene.relation === null) {
    if (first.placement === undefined) throw new Error('sceneAttributes: a lone object needs its placement');
    return { shape: first.shape, colour: first.colour, size: first.size, placement: first.placement, relation: 'none' };
  }
  const swap = scene.relation === 'right-of' || scene.relation === 'below';
  const [left, right] = swap ? [second, first] : [first, second];
  const relation = scene.relation === 'left-of' || scene.relation === 'right-of' ? 'left-of' : 'above';
  return { shape: left.shape, colour: left.colour, size: left.size, secondShape: right.shape, secondColour: right.colour, secondSize: right.size, relation };
}

/** MNIST digits (or renderDigits' glyphs) with their attributes. */
export function mnistAttributeImages(mnist: DigitImages): AttributeImages {
  const { images, count, height, width, channels } = mnist;
  return { images, count, height, width, channels, attributes: Array.from(mnist.labels, digitAttributes) };
}

/** Rendered shapes with their scenes' attributes. */
export function shapeAttributeImages(shapes: ShapesDataset): AttributeImages {
  const { images, count, height, width, channels } = shapes;
  return { images, count, height, width, channels, attributes: shapes.scenes.map(sceneAttributes) };
}
