import type { Rng } from '@hybridssm/core';
import { pick } from './shape-scenes.js';
import type { Placement, Relation, Scene, SceneObject } from './shape-scenes.js';

const PLACEMENT_PHRASES: Record<Placement, readonly string[]> = {
  center: ['in the middle', 'in the center'],
  left: ['on the left'],
  right: ['on the right'],
  top: ['at the top'],
  bottom: ['at the bottom'],
};
const RELATION_PHRASES: Record<Relation, readonly string[]> = {
  'left-of': ['to the left of', 'left of'],
  'right-of': ['to the right of', 'right of'],
  above: ['above', 'over'],
  below: ['below', 'under'],
};
const INVERSE: Record<Relation, Relation> = { 'left-of': 'right-of', 'right-of': 'left-of', above: 'below', below: 'above' };
/** Sentence frames: {s} is the scene, e.g. "a small red circle on the left". */
const FRAMES = ['{s}', 'there is {s}', 'a picture of {s}', 'an image showing {s}'] as const;

/**
 * A caption that says everything the scene's attributes do, in words drawn by `rng`: a frame, the
 * phrase for the placement or relation, and for a pair either order ("a red circle above a blue
 * square" or "a blue square below a red circle").
 */
export function sceneCaption(scene: Scene, rng: Rng): string {
  const [first, second] = scene.objects;
  if (first === undefined || scene.objects.length > 2 || (second === undefined) !== (scene.relation === null)) {
    throw new Error(`sceneCaption: a scene is one object without a relation or two with one; got ${scene.objects.length} objects, relation ${scene.relation}`);
  }
  const frame = pick(rng, FRAMES);
  let description: string;
  if (second === undefined || scene.relation === null) {
    description = `${objectPhrase(first)} ${pick(rng, PLACEMENT_PHRASES[first.placement])}`;
  } else {
    const swap = rng.uniform() < 0.5;
    const relation = swap ? INVERSE[scene.relation] : scene.relation;
    const [subject, reference] = swap ? [second, first] : [first, second];
    description = `${objectPhrase(subject)} ${pick(rng, RELATION_PHRASES[relation])} ${objectPhrase(reference)}`;
  }
  return frame.replace('{s}', description);
}

function objectPhrase(object: SceneObject): string {
  return `a ${object.size} ${object.colour} ${object.shape}`;
}
