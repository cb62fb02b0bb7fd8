import { SHAPE_COLOUR_NAMES, SHAPE_KINDS, SHAPE_SIZE_NAMES } from '../data/shape-scenes.js';
import type { Placement, Relation, ShapeColour, ShapeKind, ShapeSize } from '../data/shape-scenes.js';
import type { SceneDescription } from './dataset-attributes.js';

/** "a <size> <colour> <shape>", as shape-captions.ts names an object. */
const OBJECT_PHRASE = new RegExp(`\\ba (${SHAPE_SIZE_NAMES.join('|')}) (${SHAPE_COLOUR_NAMES.join('|')}) (${SHAPE_KINDS.join('|')})\\b`, 'g');

// The words that carry the meaning of shape-captions.ts's placement and relation phrases ("in the
// middle", "to the left of", "under"), whose tables it keeps to itself; the tests parse captions of
// every template, so a phrase added there without its word here fails them.
const PLACEMENT_WORDS: Readonly<Record<string, Placement>> = { middle: 'center', center: 'center', left: 'left', right: 'right', top: 'top', bottom: 'bottom' };
const RELATION_WORDS: Readonly<Record<string, Relation>> = { left: 'left-of', right: 'right-of', above: 'above', over: 'above', below: 'below', under: 'below' };

/**
 * Reads a shapes caption (sceneCaption's templates) back into what it describes: one object and its
 * placement, or two objects and where the first named is relative to the second. Throws when the
 * caption names no object, more than two, or no single placement or relation.
 */
export function parseShapeCaption(caption: string): SceneDescription {
  const text = caption.toLowerCase();
  const matches = [...text.matchAll(OBJECT_PHRASE)];
  const objects = matches.map(([, size, colour, shape]) => ({ size: size as ShapeSize, colour: colour as ShapeColour, shape: shape as ShapeKind }));
  const [first, second] = matches;
  if (first === undefined || matches.length > 2) throw new Error(`parseShapeCaption: expected one or two objects ("a small red circle") in '${caption}', found ${matches.length}`);
  const afterFirst = first.index + first[0].length;
  if (second === undefined) {
    const placement = theOnlyMeaning(text.slice(afterFirst), PLACEMENT_WORDS, 'placement', caption);
    return { objects: objects.map((object) => ({ ...object, placement })), relation: null };
  }
  return { objects, relation: theOnlyMeaning(text.slice(afterFirst, second.index), RELATION_WORDS, 'relation', caption) };
}

/** The one value the words of `text` name in `vocabulary` (several words may name it). */
function theOnlyMeaning<T extends string>(text: string, vocabulary: Readonly<Record<string, T>>, what: string, caption: string): T {
  const meanings = new Set(text.split(/[^a-z]+/).flatMap((word) => (Object.hasOwn(vocabulary, word) ? [vocabulary[word] as T] : [])));
  const [meaning] = meanings;
  if (meaning === undefined || meanings.size > 1) throw new Error(`parseShapeCaption: expected one ${what} in '${caption}', found ${meanings.size === 0 ? 'none' : [...meanings].join(', ')}`);
  return meaning;
}
