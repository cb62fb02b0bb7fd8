import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { GRID_GAP, formatImageGrid, writeImageGrid } from './image-grid.js';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A grey PNG's pixels; sharp decodes to RGB unless asked for grey. */
async function decodeGrey(png: Buffer) {
  expect((await sharp(png).metadata()).channels).toBe(1);
  const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data, info, at: (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels)) };
}

describe('image grids', () => {
  it('lays grey images out in rows with a 2-pixel white gap, scaled up by nearest neighbour', async () => {
    // three 2×2 grey images: all −1 (black), all 1 (white), and a gradient
    const images = Float32Array.from([-1, -1, -1, -1, 1, 1, 1, 1, -1, 0, 0.5, 2]);
    const grid = await decodeGrey(await formatImageGrid({ images, count: 3, height: 2, width: 2, channels: 1 }, { columns: 2, scale: 3 }));
    expect([grid.info.width, grid.info.height, grid.info.channels]).toEqual([2 * 6 + 3 * GRID_GAP, 2 * 6 + 3 * GRID_GAP, 1]);
    expect(grid.at(0, 0)).toEqual([255]);
    expect(grid.at(GRID_GAP, GRID_GAP)).toEqual([0]);
    expect(grid.at(GRID_GAP + 5, GRID_GAP + 5)).toEqual([0]);
    expect(grid.at(GRID_GAP + 6, GRID_GAP)).toEqual([255]);
    expect(grid.at(2 * GRID_GAP + 6, GRID_GAP)).toEqual([255]);
    const third = [GRID_GAP, 2 * GRID_GAP + 6] as const;
    // value 0 → 128 (127.5 rounded), 0.5 → 191, 2 clamped to 1 → 255
    expect([grid.at(third[0], third[1]), grid.at(third[0] + 3, third[1]), grid.at(third[0], third[1] + 3), grid.at(third[0] + 5, third[1] + 5)]).toEqual([[0], [128], [191], [255]]);
    // the empty fourth cell is gap colour
    expect(grid.at(2 * GRID_GAP + 6 + 2, 2 * GRID_GAP + 6 + 2)).toEqual([255]);
  });

  it('writes RGB images as an RGB PNG, ⌈√n⌉ columns by default, creating the folder', async () => {
    const images = new Float32Array(5 * 1 * 1 * 3);
    images.set([1, -1, -1], 0);
    images.set([-1, -1, 1], 12);
    const path = join(dir, 'nested', 'grid.png');
    await writeImageGrid(path, { images, count: 5, height: 1, width: 1, channels: 3 });
    expect(existsSync(path)).toBe(true);
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([3 + 4 * GRID_GAP, 2 + 3 * GRID_GAP, 3]);
    const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    expect(at(GRID_GAP, GRID_GAP)).toEqual([255, 0, 0]);
    expect(at(GRID_GAP + 1 * (1 + GRID_GAP), GRID_GAP + 1 * (1 + GRID_GAP))).toEqual([0, 0, 255]);
  });

  it('rejects a batch whose values do not fill it, non-finite values and bad options', async () => {
    const batch = { images: new Float32Array(4), count: 1, height: 2, width: 2, channels: 1 as const };
    await expect(formatImageGrid({ ...batch, count: 2 })).rejects.toThrow('formatImageGrid: 4 values are not 2 images of 2×2×1');
    await expect(formatImageGrid({ ...batch, images: Float32Array.from([0, 0, Number.NaN, 0]) })).rejects.toThrow('formatImageGrid: image 0 has a non-finite value (NaN)');
    await expect(formatImageGrid(batch, { scale: 0 })).rejects.toThrow('formatImageGrid: scale must be an integer in [1, 32], got 0');
    await expect(formatImageGrid(batch, { columns: 1.5 })).rejects.toThrow('formatImageGrid: columns must be an integer ≥ 1, got 1.5');
  });
});
