import type { ImageBatch } from '../data/image-batch.js';

/** One output of the evaluation classifier: an attribute and the values it can take. */
export interface AttributeHead {
  name: string;
  classes: readonly string[];
}

/**
 * Attribute name → value (one of its head's classes). An image's attributes name what it shows; a
 * prompt's, what it asks for. An attribute left out does not apply (the second object of a lone one).
 */
export type Attributes = Readonly<Record<string, string>>;

/** Images with the attributes each one shows, in the same order: the evaluation classifier's data. */
export interface AttributeImages extends ImageBatch {
  attributes: Attributes[];
}

/** The label of an attribute that does not apply: no loss, not counted. */
export const ABSENT_LABEL = -1;

/**
 * Class indices [count, heads] row-major (ABSENT_LABEL where an image lacks the attribute); throws on a
 * value its head does not know or an attribute no head predicts.
 */
export function encodeAttributes(heads: readonly AttributeHead[], attributes: readonly Attributes[]): Int32Array {
  const labels = new Int32Array(attributes.length * heads.length).fill(ABSENT_LABEL);
  attributes.forEach((image, i) => {
    const unknown = Object.keys(image).find((name) => !heads.some((head) => head.name === name));
    if (unknown !== undefined) throw new Error(`encodeAttributes: image ${i} has attribute '${unknown}', which no head predicts`);
    heads.forEach((head, h) => {
      const value = image[head.name];
      if (value === undefined) return;
      const label = head.classes.indexOf(value);
      if (label < 0) throw new Error(`encodeAttributes: image ${i}: '${value}' is not a ${head.name} (${head.classes.join(', ')})`);
      labels[i * heads.length + h] = label;
    });
  });
  return labels;
}
