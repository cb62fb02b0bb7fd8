import sharp from 'sharp';
import { Rng } from '@hybridssm/core';
import { byteToUnit } from './image-batch.js';
import type { CaptionedImages } from './image-batch.js';
import { sceneCaption } from './shape-captions.js';
import { sampleScene } from './shape-scenes.js';
import type { Scene } from './shape-scenes.js';
import { sceneSvg } from './shape-svg.js';

/** Options of renderShapes. */
export interface ShapesOptions {
  count: number;
  /** Image side in pixels, 16…2048, e.g. 32, 64 or 128. */
  resolution: number;
  seed: number;
  /** The share of scenes with two objects (the rest have one), in [0, 1]; default 0.5. */
  pairFraction?: number;
}

/** Rendered scenes: RGB images [count, resolution, resolution, 3] in [−1, 1], captions, and each scene's attributes. */
export interface ShapesDataset extends CaptionedImages {
  /** What each image shows, for the evaluation classifier: objects (shape, colour, size, placement, centre) and relation. */
  scenes: Scene[];
}

// Captions draw from a stream of their own, so the scenes of a seed do not depend on the caption wording.
const CAPTION_STREAM = 0x85ebca6b;

/**
 * A synthetic compositional text-to-image set: each image shows one or two coloured shapes on black,
 * rendered from SVG by sharp, with a caption naming each shape's size, colour and kind and where it is
 * (placement, or the pair's relation). The same options give the same images and captions.
 */
export async function renderShapes(options: ShapesOptions): Promise<ShapesDataset> {
  const { count, resolution, seed, pairFraction = 0.5 } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`renderShapes: count must be an integer ≥ 0, got ${count}`);
  if (!Number.isInteger(resolution) || resolution < 16 || resolution > 2048) {
    throw new Error(`renderShapes: resolution must be an integer in [16, 2048], got ${resolution}`);
  }
  if (!(pairFraction >= 0 && pairFraction <= 1)) throw new Error(`renderShapes: pairFraction must be in [0, 1], got ${pairFraction}`);
  const sceneRng = new Rng(seed);
  const captionRng = new Rng(seed ^ CAPTION_STREAM);
  const scenes = Array.from({ length: count }, () => sampleScene(sceneRng, pairFraction));
  const captions = scenes.map((scene) => sceneCaption(scene, captionRng));
  const pixels = resolution * resolution * 3;
  const images = new Float32Array(count * pixels);
  const rendered = await Promise.all(scenes.map((scene) => renderScene(scene, resolution)));
  rendered.forEach((image, i) => images.set(image, i * pixels));
  return { images, count, height: resolution, width: resolution, channels: 3, captions, scenes };
}

/** One scene as RGB [resolution, resolution, 3] in [−1, 1]. */
export async function renderScene(scene: Scene, resolution: number): Promise<Float32Array> {
  const { data, info } = await sharp(Buffer.from(sceneSvg(scene, resolution))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== resolution || info.height !== resolution || info.channels !== 3) {
    throw new Error(`renderScene: sharp rendered ${info.width}×${info.height}×${info.channels}, expected ${resolution}×${resolution}×3`);
  }
  return Float32Array.from(data, byteToUnit);
}
