import sharp from 'sharp';
import { Rng } from '@hybridssm/core';
import { argumentFailure, checkIntegerInRange } from '../diffusion/check-args.js';
import { byteToUnit } from './image-batch.js';
import { mnistCaption } from './mnist-captions.js';
import type { DigitImages } from './mnist.js';

/** Options of renderDigits. */
export interface DigitGlyphOptions {
  count: number;
  seed: number;
  /** Image side in pixels, 12…256; default 28 (MNIST's). */
  resolution?: number;
}

/**
 * The glyph's corners in a unit cell 1 wide and 2 high (x right, y down): top, middle and bottom,
 * left and right. A seven-segment glyph is a polyline set over these six points.
 */
const CORNERS = { tl: [0, 0], tr: [1, 0], ml: [0, 1], mr: [1, 1], bl: [0, 2], br: [1, 2] } as const;
type Corner = keyof typeof CORNERS;

/** The seven segments: a (top), b (top right), c (bottom right), d (bottom), e (bottom left), f (top left), g (middle). */
const SEGMENTS = {
  a: ['tl', 'tr'],
  b: ['tr', 'mr'],
  c: ['mr', 'br'],
  d: ['bl', 'br'],
  e: ['ml', 'bl'],
  f: ['tl', 'ml'],
  g: ['ml', 'mr'],
} as const satisfies Record<string, readonly [Corner, Corner]>;
type Segment = keyof typeof SEGMENTS;

/** Each digit's lit segments, as on a seven-segment display. */
export const DIGIT_SEGMENTS: readonly (readonly Segment[])[] = [
  ['a', 'b', 'c', 'd', 'e', 'f'],
  ['b', 'c'],
  ['a', 'b', 'g', 'e', 'd'],
  ['a', 'b', 'g', 'c', 'd'],
  ['f', 'g', 'b', 'c'],
  ['a', 'f', 'g', 'c', 'd'],
  ['a', 'f', 'g', 'e', 'd', 'c'],
  ['a', 'b', 'c'],
  ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  ['a', 'b', 'c', 'd', 'f', 'g'],
];

/** How each glyph varies, as fractions: of the image side (height), of the height (width, stroke), of the width (corner jitter). */
const GLYPH_HEIGHT = [0.5, 0.75] as const;
const WIDTH_OF_HEIGHT = [0.4, 0.6] as const;
const STROKE_OF_HEIGHT = [0.08, 0.16] as const;
const MAX_SLANT_DEGREES = 15;
const CORNER_JITTER = 0.08;
/** Pixels kept free at the border once the glyph is shifted. */
const MARGIN = 1;

// Captions draw from a stream of their own, so the glyphs of a seed do not depend on the caption wording.
const CAPTION_STREAM = 0x9e3779b9;

const between = (rng: Rng, [low, high]: readonly [number, number]) => low + (high - low) * rng.uniform();

/**
 * One digit as an SVG `resolution` pixels square: white round-capped strokes on black, the glyph's
 * height, width, stroke, slant (a shear: the top leans right for a positive angle), corner jitter and
 * position drawn by `rng`, always inside the image.
 */
export function digitSvg(digit: number, resolution: number, rng: Rng): string {
  const segments = DIGIT_SEGMENTS[digit];
  if (segments === undefined) argumentFailure('digitSvg', 'digit', 'an integer 0…9', String(digit));
  const height = between(rng, GLYPH_HEIGHT) * resolution;
  const width = between(rng, WIDTH_OF_HEIGHT) * height;
  const stroke = between(rng, STROKE_OF_HEIGHT) * height;
  const shear = Math.tan(((2 * rng.uniform() - 1) * MAX_SLANT_DEGREES * Math.PI) / 180);
  const jittered = Object.fromEntries(
    Object.entries(CORNERS).map(([name, [u, v]]) => [name, [u + CORNER_JITTER * (2 * rng.uniform() - 1), v + CORNER_JITTER * (2 * rng.uniform() - 1)]]),
  ) as Record<Corner, [number, number]>;
  // the glyph's half-extents around its centre, strokes and jitter included
  const halfWidth = (width * (1 + 2 * CORNER_JITTER)) / 2 + (Math.abs(shear) * height) / 2 + stroke / 2;
  const halfHeight = (height * (1 + CORNER_JITTER)) / 2 + stroke / 2;
  const freeX = Math.max(0, resolution / 2 - halfWidth - MARGIN);
  const freeY = Math.max(0, resolution / 2 - halfHeight - MARGIN);
  const cx = resolution / 2 + freeX * (2 * rng.uniform() - 1);
  const cy = resolution / 2 + freeY * (2 * rng.uniform() - 1);
  const point = (corner: Corner): string => {
    const [u, v] = jittered[corner];
    const y = (v / 2 - 0.5) * height;
    const x = (u - 0.5) * width - y * shear;
    return `${(cx + x).toFixed(3)} ${(cy + y).toFixed(3)}`;
  };
  const path = segments.map((segment) => `M ${point(SEGMENTS[segment][0])} L ${point(SEGMENTS[segment][1])}`).join(' ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${resolution}" height="${resolution}">` +
    `<rect width="${resolution}" height="${resolution}" fill="black"/>` +
    `<path d="${path}" fill="none" stroke="white" stroke-width="${stroke.toFixed(3)}" stroke-linecap="round" stroke-linejoin="round"/></svg>`
  );
}

async function renderGrey(svg: string, resolution: number): Promise<Float32Array> {
  const { data, info } = await sharp(Buffer.from(svg)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  if (info.width !== resolution || info.height !== resolution || info.channels !== 1) {
    throw new Error(`renderDigits: sharp rendered ${info.width}×${info.height}×${info.channels}, expected ${resolution}×${resolution}×1`);
  }
  return Float32Array.from(data, byteToUnit);
}

/**
 * A font-free stand-in for MNIST that needs no download: seven-segment-style digits drawn by sharp
 * from SVG, grey [count, resolution, resolution, 1] in [−1, 1], white on black like MNIST, each with
 * its label (uniform over 0…9) and a caption from MNIST's templates. Stroke width, slant, size, corner
 * jitter and position vary per image. The same options give the same images, labels and captions.
 */
export async function renderDigits(options: DigitGlyphOptions): Promise<DigitImages> {
  const { count, seed, resolution = 28 } = options;
  checkIntegerInRange('renderDigits', 'count', count, 0, Number.MAX_SAFE_INTEGER);
  checkIntegerInRange('renderDigits', 'seed', seed, 0, 2 ** 32 - 1);
  checkIntegerInRange('renderDigits', 'resolution', resolution, 12, 256);
  const glyphRng = new Rng(seed);
  const captionRng = new Rng(seed ^ CAPTION_STREAM);
  const labels = new Uint8Array(count);
  const svgs = Array.from({ length: count }, (_, i) => {
    const digit = Math.floor(glyphRng.uniform() * 10);
    labels[i] = digit;
    return digitSvg(digit, resolution, glyphRng);
  });
  const pixels = resolution * resolution;
  const images = new Float32Array(count * pixels);
  const rendered = await Promise.all(svgs.map((svg) => renderGrey(svg, resolution)));
  rendered.forEach((image, i) => images.set(image, i * pixels));
  const captions = Array.from(labels, (digit) => mnistCaption(digit, captionRng));
  return { images, count, height: resolution, width: resolution, channels: 1, labels, captions };
}
