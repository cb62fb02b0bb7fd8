import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { unitToByte } from './image-batch.js';
import type { ImageBatch } from './image-batch.js';

/** Options of formatImageGrid and writeImageGrid. */
export interface ImageGridOptions {
  /** Images per row (default ⌈√count⌉). */
  columns?: number;
  /** Each image pixel becomes scale × scale pixels (nearest neighbour), an integer 1…32; default 1. */
  scale?: number;
}

/** Pixels between neighbouring images and around the grid, after scaling. */
export const GRID_GAP = 2;
/** The gap's colour, white. */
const GAP_BYTE = 255;

/**
 * A PNG of the batch's images in rows of `columns`, row by row, GRID_GAP white pixels between and around
 * them; values are clamped to [−1, 1] and mapped to 0…255. Grey batches give a grey PNG, RGB an RGB one.
 */
export async function formatImageGrid(batch: ImageBatch, options: ImageGridOptions = {}): Promise<Buffer> {
  const { images, count, height, width, channels } = batch;
  const { columns = Math.ceil(Math.sqrt(count)), scale = 1 } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`formatImageGrid: count must be an integer ≥ 1, got ${count}`);
  if (images.length !== count * height * width * channels) {
    throw new Error(`formatImageGrid: ${images.length} values are not ${count} images of ${height}×${width}×${channels}`);
  }
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`formatImageGrid: columns must be an integer ≥ 1, got ${columns}`);
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) throw new Error(`formatImageGrid: scale must be an integer in [1, 32], got ${scale}`);
  const bad = images.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new Error(`formatImageGrid: image ${Math.floor(bad / (height * width * channels))} has a non-finite value (${images[bad]})`);

  const rows = Math.ceil(count / columns);
  const [cellHeight, cellWidth] = [height * scale, width * scale];
  const gridWidth = columns * (cellWidth + GRID_GAP) + GRID_GAP;
  const gridHeight = rows * (cellHeight + GRID_GAP) + GRID_GAP;
  const grid = new Uint8Array(gridWidth * gridHeight * channels).fill(GAP_BYTE);
  for (let n = 0; n < count; n++) {
    const top = GRID_GAP + Math.floor(n / columns) * (cellHeight + GRID_GAP);
    const left = GRID_GAP + (n % columns) * (cellWidth + GRID_GAP);
    for (let y = 0; y < cellHeight; y++) {
      for (let x = 0; x < cellWidth; x++) {
        const from = ((n * height + Math.floor(y / scale)) * width + Math.floor(x / scale)) * channels;
        const to = ((top + y) * gridWidth + left + x) * channels;
        for (let c = 0; c < channels; c++) grid[to + c] = unitToByte(images[from + c] as number);
      }
    }
  }
  const image = sharp(grid, { raw: { width: gridWidth, height: gridHeight, channels } });
  // sharp writes one-channel raw input as RGB unless told the colour space is grey
  return (channels === 1 ? image.toColourspace('b-w') : image).png().toBuffer();
}

/** Writes the grid (see formatImageGrid) as a PNG file, creating its folder. */
export async function writeImageGrid(path: string, batch: ImageBatch, options: ImageGridOptions = {}): Promise<void> {
  const png = await formatImageGrid(batch, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png);
}
