import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { sceneCaption } from './shape-captions.js';
import { SHAPE_COLOURS, SHAPE_KINDS, SHAPE_COLOUR_NAMES } from './shape-scenes.js';
import type { Scene, ShapeColour } from './shape-scenes.js';
import { renderScene, renderShapes } from './shapes.js';

/** The pixels (x, y) of an RGB image in [−1, 1] whose colour is within 8 levels of `colour` in every channel. */
function pixelsOf(image: Float32Array, side: number, colour: ShapeColour): [number, number][] {
  const rgb = SHAPE_COLOURS[colour];
  const found: [number, number][] = [];
  for (let p = 0; p < side * side; p++) {
    if (rgb.every((level, c) => Math.abs((image[p * 3 + c]! + 1) * 127.5 - level) <= 8)) found.push([p % side, Math.floor(p / side)]);
  }
  return found;
}

function centroid(points: [number, number][]): [number, number] {
  return [0, 1].map((axis) => points.reduce((sum, point) => sum + point[axis]!, 0) / points.length) as [number, number];
}

const imageOf = (set: { images: Float32Array; height: number }, i: number) => set.images.subarray(i * set.height * set.height * 3, (i + 1) * set.height * set.height * 3);

describe('synthetic shapes', () => {
  it('gives the same images and captions for the same seed, and others for another', async () => {
    const a = await renderShapes({ count: 6, resolution: 32, seed: 5 });
    const b = await renderShapes({ count: 6, resolution: 32, seed: 5 });
    const c = await renderShapes({ count: 6, resolution: 32, seed: 6 });
    expect([a.count, a.height, a.width, a.channels, a.images.length]).toEqual([6, 32, 32, 3, 6 * 32 * 32 * 3]);
    expect(b.images).toEqual(a.images);
    expect(b.captions).toEqual(a.captions);
    expect(b.scenes).toEqual(a.scenes);
    expect(c.captions).not.toEqual(a.captions);
  });

  it('draws what the caption says: each pair object in its colour on the side its relation names', async () => {
    const set = await renderShapes({ count: 24, resolution: 32, seed: 11, pairFraction: 1 });
    set.scenes.forEach((scene, i) => {
      const [first, second] = scene.objects;
      expect(set.captions[i]).toContain(`a ${first!.size} ${first!.colour} ${first!.shape}`);
      expect(set.captions[i]).toContain(`a ${second!.size} ${second!.colour} ${second!.shape}`);
      const [fx, fy] = centroid(pixelsOf(imageOf(set, i), 32, first!.colour));
      const [sx, sy] = centroid(pixelsOf(imageOf(set, i), 32, second!.colour));
      const holds = { 'left-of': fx < sx - 8, 'right-of': fx > sx + 8, above: fy < sy - 8, below: fy > sy + 8 }[scene.relation!];
      expect(holds, `${set.captions[i]}: centroids (${fx}, ${fy}) and (${sx}, ${sy})`).toBe(true);
    });
    expect(new Set(set.scenes.map((scene) => scene.relation)).size).toBe(4);
  });

  it('words a relation either way round, e.g. "a small red circle above a large blue square"', async () => {
    const set = await renderShapes({ count: 60, resolution: 16, seed: 2, pairFraction: 1 });
    const phrases = set.captions.join('\n');
    for (const phrase of [' above a ', ' below a ', ' to the left of a ', ' right of a ', 'there is a ', 'a picture of a ']) expect(phrases).toContain(phrase);
  });

  it('places a lone object where its caption says, at its colour and size', async () => {
    const side = 64;
    const scene = (placement: 'left' | 'bottom', size: 'small' | 'large'): Scene => ({
      objects: [{ shape: 'circle', colour: 'yellow', size, placement, x: placement === 'left' ? 0.26 : 0.5, y: placement === 'left' ? 0.5 : 0.74 }],
      relation: null,
    });
    const large = pixelsOf(await renderScene(scene('left', 'large'), side), side, 'yellow');
    const small = pixelsOf(await renderScene(scene('bottom', 'small'), side), side, 'yellow');
    const [lx, ly] = centroid(large);
    const [sx, sy] = centroid(small);
    expect([Math.abs(lx + 0.5 - 0.26 * side) < 1, Math.abs(ly + 0.5 - 0.5 * side) < 1]).toEqual([true, true]);
    expect([Math.abs(sx + 0.5 - 0.5 * side) < 1, Math.abs(sy + 0.5 - 0.74 * side) < 1]).toEqual([true, true]);
    // a circle's area grows with the square of its radius, 0.19 against 0.1
    expect(large.length / small.length).toBeGreaterThan(3);
    const background = (await renderScene(scene('left', 'small'), side)).subarray(0, 3);
    expect(Array.from(background)).toEqual([-1, -1, -1]);
  });

  it('uses every shape and colour, and one or two objects at any resolution', async () => {
    const set = await renderShapes({ count: 80, resolution: 48, seed: 3 });
    const objects = set.scenes.flatMap((scene) => scene.objects);
    expect(new Set(objects.map((object) => object.shape))).toEqual(new Set(SHAPE_KINDS));
    expect(new Set(objects.map((object) => object.colour))).toEqual(new Set(SHAPE_COLOUR_NAMES));
    expect(new Set(set.scenes.map((scene) => scene.objects.length))).toEqual(new Set([1, 2]));
    for (const scene of set.scenes) if (scene.objects.length === 2) expect(scene.objects[0]!.colour).not.toBe(scene.objects[1]!.colour);
  });

  it('refuses to caption a scene whose objects and relation disagree', () => {
    const lone = { shape: 'square', colour: 'red', size: 'small', placement: 'center', x: 0.5, y: 0.5 } as const;
    expect(() => sceneCaption({ objects: [lone], relation: 'above' }, new Rng(0))).toThrow(
      'sceneCaption: a scene is one object without a relation or two with one; got 1 objects, relation above',
    );
  });

  it('rejects bad options in one line', async () => {
    await expect(renderShapes({ count: 1, resolution: 8, seed: 0 })).rejects.toThrow('renderShapes: resolution must be an integer in [16, 2048], got 8');
    await expect(renderShapes({ count: -1, resolution: 32, seed: 0 })).rejects.toThrow('renderShapes: count must be an integer ≥ 0, got -1');
    await expect(renderShapes({ count: 1, resolution: 32, seed: 0, pairFraction: 2 })).rejects.toThrow('renderShapes: pairFraction must be in [0, 1], got 2');
  });
});
