import { SHAPE_COLOURS, SHAPE_SIZES } from './shape-scenes.js';
import type { Scene, SceneObject } from './shape-scenes.js';

/** The background, black, i.e. −1 in every channel. */
export const SHAPES_BACKGROUND = [0, 0, 0] as const;

/** The scene as an SVG `resolution` pixels square: each object filled in its colour on the background. */
export function sceneSvg(scene: Scene, resolution: number): string {
  const background = `<rect width="${resolution}" height="${resolution}" fill="rgb(${SHAPES_BACKGROUND.join(',')})"/>`;
  const shapes = scene.objects.map((object) => objectSvg(object, resolution));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${resolution}" height="${resolution}">${background}${shapes.join('')}</svg>`;
}

function objectSvg(object: SceneObject, resolution: number): string {
  const cx = object.x * resolution;
  const cy = object.y * resolution;
  const r = SHAPE_SIZES[object.size] * resolution;
  const fill = `fill="rgb(${SHAPE_COLOURS[object.colour].join(',')})"`;
  const points = (corners: [number, number][]) => `<polygon points="${corners.map(([x, y]) => `${x},${y}`).join(' ')}" ${fill}/>`;
  switch (object.shape) {
    case 'circle':
      return `<circle cx="${cx}" cy="${cy}" r="${r}" ${fill}/>`;
    // A square's side is 1.7 r rather than 2 r, so that it covers about as many pixels as the circle.
    case 'square':
      return `<rect x="${cx - 0.85 * r}" y="${cy - 0.85 * r}" width="${1.7 * r}" height="${1.7 * r}" ${fill}/>`;
    case 'triangle':
      return points([[cx, cy - r], [cx + r, cy + 0.8 * r], [cx - r, cy + 0.8 * r]]);
    case 'diamond':
      return points([[cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy]]);
  }
}
