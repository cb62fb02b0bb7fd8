import type { Rng } from '@hybridssm/core';

export const SHAPE_KINDS = ['circle', 'square', 'triangle', 'diamond'] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** The colours, each with the RGB it is drawn in: far apart, so a pixel's colour names its object. */
export const SHAPE_COLOURS = {
  red: [220, 40, 40],
  green: [40, 170, 60],
  blue: [40, 80, 220],
  yellow: [235, 210, 40],
  purple: [150, 60, 190],
} as const satisfies Record<string, readonly [number, number, number]>;
export type ShapeColour = keyof typeof SHAPE_COLOURS;
export const SHAPE_COLOUR_NAMES = Object.keys(SHAPE_COLOURS) as ShapeColour[];

/** Each size's half-extent (centre to the edge of its bounding box) as a fraction of the image side. */
export const SHAPE_SIZES = { small: 0.1, large: 0.19 } as const;
export type ShapeSize = keyof typeof SHAPE_SIZES;
export const SHAPE_SIZE_NAMES = Object.keys(SHAPE_SIZES) as ShapeSize[];

/** Where an object sits: a lone object anywhere of these, each of a pair on the side its relation says. */
export const PLACEMENTS = ['center', 'left', 'right', 'top', 'bottom'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** How the first object of a pair lies relative to the second. */
export const RELATIONS = ['left-of', 'right-of', 'above', 'below'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface SceneObject {
  shape: ShapeKind;
  colour: ShapeColour;
  size: ShapeSize;
  placement: Placement;
  /** The centre as fractions of the image side, x to the right, y downwards. */
  x: number;
  y: number;
}

/** One or two objects; with two, `relation` says where objects[0] is relative to objects[1], else it is null. */
export interface Scene {
  objects: SceneObject[];
  relation: Relation | null;
}

/** Each placement's centre before jitter; left/right and top/bottom keep even large shapes apart. */
const PLACEMENT_CENTRES: Record<Placement, readonly [number, number]> = {
  center: [0.5, 0.5],
  left: [0.26, 0.5],
  right: [0.74, 0.5],
  top: [0.5, 0.26],
  bottom: [0.5, 0.74],
};
/** Each centre coordinate moves by up to ± this much; large shapes then still stay inside the image and apart. */
const JITTER = 0.035;
/** The placements of the first and second object of a pair in each relation. */
const RELATION_PLACEMENTS: Record<Relation, readonly [Placement, Placement]> = {
  'left-of': ['left', 'right'],
  'right-of': ['right', 'left'],
  above: ['top', 'bottom'],
  below: ['bottom', 'top'],
};

/**
 * A random scene: two objects with probability `pairFraction`, else one. A pair has two different
 * colours, so that colour tells its objects apart in the picture.
 */
export function sampleScene(rng: Rng, pairFraction: number): Scene {
  if (rng.uniform() >= pairFraction) return { objects: [sampleObject(rng, pick(rng, PLACEMENTS), SHAPE_COLOUR_NAMES)], relation: null };
  const relation = pick(rng, RELATIONS);
  const [firstPlacement, secondPlacement] = RELATION_PLACEMENTS[relation];
  const first = sampleObject(rng, firstPlacement, SHAPE_COLOUR_NAMES);
  const second = sampleObject(rng, secondPlacement, SHAPE_COLOUR_NAMES.filter((colour) => colour !== first.colour));
  return { objects: [first, second], relation };
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.uniform() * items.length)] as T;
}

function sampleObject(rng: Rng, placement: Placement, colours: readonly ShapeColour[]): SceneObject {
  const [cx, cy] = PLACEMENT_CENTRES[placement];
  return {
    shape: pick(rng, SHAPE_KINDS),
    colour: pick(rng, colours),
    size: pick(rng, SHAPE_SIZE_NAMES),
    placement,
    x: cx + JITTER * (2 * rng.uniform() - 1),
    y: cy + JITTER * (2 * rng.uniform() - 1),
  };
}
