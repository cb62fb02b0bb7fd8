import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { ArgumentError } from '@hybridssm/core';
import type { PointCloud } from '../data/point-cloud.js';

export interface RenderCloudOptions {
  /** image size in pixels (default 512 × 512) */
  width?: number;
  height?: number;
  /**
   * Per point a value in [0, 1] coloured along IMPORTANCE_RAMP, 0 = high importance (red) to 1 = low
   * (blue), e.g. importanceShades(…); without it every point gets POINT_COLOUR.
   */
  shades?: Float32Array;
  /** labels of the two ends of a legend strip under the cloud (only drawn with `shades`) */
  legend?: { high: string; low: string };
  /** one line of text at the bottom */
  caption?: string;
}

type Rgb = readonly [number, number, number];

/** High → low importance (ColorBrewer RdYlBu without its pale middle, so every point stands out on white). */
export const IMPORTANCE_RAMP: readonly Rgb[] = [[215, 25, 28], [253, 174, 97], [171, 217, 233], [44, 123, 182]];
export const POINT_COLOUR: Rgb = [74, 111, 165];
const BACKGROUND = 255;
/** The fixed oblique camera: turned this far about the up (y) axis, and raised this far above the horizon. */
const AZIMUTH = (35 * Math.PI) / 180;
const ELEVATION = (25 * Math.PI) / 180;

/**
 * A PNG of the cloud seen by a fixed oblique orthographic camera (y up, azimuth 35°, elevation 25°),
 * each point a small disc, drawn far to near (painter's order) and darkened with distance. The cloud
 * is centred on its centroid and scaled by its farthest point, so it fills the frame whatever its
 * orientation. Deterministic: the same input gives the same bytes.
 */
export async function renderCloudPng(cloud: PointCloud, options: RenderCloudOptions = {}): Promise<Buffer> {
  const { width = 512, height = 512, shades, legend, caption } = options;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!(Number.isInteger(value) && value >= 64 && value <= 8192)) throw new ArgumentError(`renderCloudPng: '${name}' must be an integer in [64, 8192]; got ${value}`);
  }
  if (cloud.count < 1 || cloud.points.length !== cloud.count * 3) throw new ArgumentError(`renderCloudPng: 'cloud' must hold count × 3 coordinates, count ≥ 1; got count ${cloud.count}, ${cloud.points.length} values`);
  const bad = cloud.points.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ArgumentError(`renderCloudPng: 'cloud' point ${Math.floor(bad / 3)} must have finite coordinates; got ${'xyz'[bad % 3]} = ${cloud.points[bad]}`);
  if (shades !== undefined && shades.length !== cloud.count) throw new ArgumentError(`renderCloudPng: 'shades' must have one value per point (${cloud.count}); got ${shades.length}`);
  const showLegend = shades !== undefined && legend !== undefined;
  const textLines = (showLegend ? 1 : 0) + (caption === undefined ? 0 : 1);
  const lineHeight = Math.round(Math.min(width, height) / 20);
  const plotHeight = height - textLines * lineHeight;
  const pixels = new Uint8Array(width * height * 3).fill(BACKGROUND);
  drawPoints(pixels, width, { width, height: plotHeight }, cloud, shades);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (textLines > 0) image.composite([{ input: Buffer.from(overlaySvg(width, height, lineHeight, showLegend ? legend : undefined, caption)), top: 0, left: 0 }]);
  return image.png().toBuffer();
}

/** Renders the cloud (see renderCloudPng) into a PNG file, creating its folder. */
export async function writeCloudPng(path: string, cloud: PointCloud, options: RenderCloudOptions = {}): Promise<void> {
  const png = await renderCloudPng(cloud, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png);
}

/** The colour of shade s ∈ [0, 1] on IMPORTANCE_RAMP, linear between its stops. */
export function rampColour(s: number): Rgb {
  const t = Math.min(1, Math.max(0, s)) * (IMPORTANCE_RAMP.length - 1);
  const i = Math.min(IMPORTANCE_RAMP.length - 2, Math.floor(t));
  const [a, b] = [IMPORTANCE_RAMP[i] as Rgb, IMPORTANCE_RAMP[i + 1] as Rgb];
  const mix = (x: number, y: number) => Math.round(x + (t - i) * (y - x));
  return [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])];
}

/** Projects and draws the points as discs into the top `area` of an RGB image `stride` pixels wide. */
function drawPoints(pixels: Uint8Array, stride: number, area: { width: number; height: number }, cloud: PointCloud, shades: Float32Array | undefined): void {
  const { count, points } = cloud;
  const centre = [0, 0, 0];
  for (let i = 0; i < count * 3; i++) centre[i % 3] = (centre[i % 3] as number) + (points[i] as number) / count;
  let radius = 0;
  for (let i = 0; i < count; i++) radius = Math.max(radius, Math.hypot(...[0, 1, 2].map((a) => (points[i * 3 + a] as number) - (centre[a] as number))));
  if (!(radius > 0)) radius = 1;
  // Camera basis: right r = (cos az, 0, −sin az) after turning about y; up u and towards-viewer d are
  // tilted by the elevation, so screen = (p·r, p·u) and depth = p·d.
  const [ca, sa, ce, se] = [Math.cos(AZIMUTH), Math.sin(AZIMUTH), Math.cos(ELEVATION), Math.sin(ELEVATION)];
  const scale = 0.45 * Math.min(area.width, area.height);
  const screen = new Float64Array(count * 2);
  const depth = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const [x, y, z] = [0, 1, 2].map((a) => ((points[i * 3 + a] as number) - (centre[a] as number)) / radius) as [number, number, number];
    const turnedX = ca * x - sa * z;
    const turnedZ = sa * x + ca * z;
    screen[i * 2] = area.width / 2 + scale * turnedX;
    screen[i * 2 + 1] = area.height / 2 - scale * (ce * y - se * turnedZ);
    depth[i] = se * y + ce * turnedZ;
  }
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (depth[a] as number) - (depth[b] as number) || a - b);
  // discs shrink as 1/√count, so sparse and dense clouds cover about the same share of the picture
  const side = Math.min(area.width, area.height);
  const disc = Math.max(1.5, Math.min(side / 50, (0.18 * side) / Math.sqrt(count)));
  const nearest = depth[order[count - 1] as number] as number;
  const farthest = depth[order[0] as number] as number;
  for (const i of order) {
    const base = shades === undefined ? POINT_COLOUR : rampColour(shades[i] as number);
    // the nearest point at full brightness, the farthest at 55 %
    const light = 0.55 + (0.45 * ((depth[i] as number) - farthest)) / (nearest - farthest || 1);
    paintDisc(pixels, stride, area, screen[i * 2] as number, screen[i * 2 + 1] as number, disc, [base[0] * light, base[1] * light, base[2] * light]);
  }
}

/** A filled disc with a darker rim one pixel wide, clipped to the area. */
function paintDisc(pixels: Uint8Array, stride: number, area: { width: number; height: number }, cx: number, cy: number, r: number, colour: Rgb): void {
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(area.height - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(area.width - 1, Math.ceil(cx + r)); x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (d > r) continue;
      const rim = d > r - 1 ? 0.6 : 1;
      const at = (y * stride + x) * 3;
      pixels[at] = Math.round(colour[0] * rim);
      pixels[at + 1] = Math.round(colour[1] * rim);
      pixels[at + 2] = Math.round(colour[2] * rim);
    }
  }
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** The legend strip (the ramp between its two labels) and the caption, as an SVG the size of the image. */
function overlaySvg(width: number, height: number, lineHeight: number, legend: { high: string; low: string } | undefined, caption: string | undefined): string {
  const font = Math.round(lineHeight * 0.55);
  const parts: string[] = [];
  let y = height - lineHeight * ((legend === undefined ? 0 : 1) + (caption === undefined ? 0 : 1));
  if (legend !== undefined) {
    const stops = IMPORTANCE_RAMP.map((c, i) => `<stop offset="${i / (IMPORTANCE_RAMP.length - 1)}" stop-color="rgb(${c.join(',')})"/>`).join('');
    const barX = Math.round(width * 0.3);
    const barWidth = Math.round(width * 0.4);
    const textY = y + lineHeight * 0.68;
    parts.push(
      `<defs><linearGradient id="ramp">${stops}</linearGradient></defs>`,
      `<rect x="${barX}" y="${y + lineHeight * 0.3}" width="${barWidth}" height="${lineHeight * 0.45}" fill="url(#ramp)"/>`,
      `<text x="${barX - font / 2}" y="${textY}" text-anchor="end">${escapeXml(legend.high)}</text>`,
      `<text x="${barX + barWidth + font / 2}" y="${textY}">${escapeXml(legend.low)}</text>`,
    );
    y += lineHeight;
  }
  if (caption !== undefined) parts.push(`<text x="${width / 2}" y="${y + lineHeight * 0.68}" text-anchor="middle">${escapeXml(caption)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${font}" fill="#333">${parts.join('')}</svg>`;
}
