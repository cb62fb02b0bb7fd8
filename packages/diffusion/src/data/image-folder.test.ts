import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImageFolder } from './image-folder.js';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-image-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let folders = 0;
function folder(files: Record<string, string | Buffer>): string {
  const path = join(dir, `f${folders++}`);
  mkdirSync(path);
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(path, name), contents);
  return path;
}

/** A width × height image whose left half is `left` and right half `right` (RGB, or RGBA with alpha). */
async function halves(width: number, height: number, left: number[], right: number[], format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const channels = left.length as 3 | 4;
  const pixels = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) pixels.set((p % width) < width / 2 ? left : right, p * channels);
  const image = sharp(pixels, { raw: { width, height, channels } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 100 }).toBuffer();
}

const rgbAt = (images: Float32Array, side: number, n: number, x: number, y: number) =>
  Array.from(images.subarray(((n * side + y) * side + x) * 3, ((n * side + y) * side + x) * 3 + 3), (v) => Math.round((v + 1) * 127.5));

describe('image folders', () => {
  it('reads PNG and JPEG files in name order with their captions.txt captions, centre-cropped to the resolution', async () => {
    // 16×4 red|blue scaled to cover 4×4 is its middle: the left half red, the right half blue
    const path = folder({
      'b.png': await halves(16, 4, [255, 0, 0], [0, 0, 255]),
      'a.jpg': await halves(8, 8, [0, 255, 0], [0, 255, 0], 'jpeg'),
      'notes.md': 'not an image',
      'captions.txt': '# file<TAB>caption\na.jpg\tall green\n\nb.png\t  red beside blue \n',
    });
    const set = await loadImageFolder(path, { resolution: 4 });
    expect(set.files).toEqual(['a.jpg', 'b.png']);
    expect(set.captions).toEqual(['all green', 'red beside blue']);
    expect([set.count, set.height, set.width, set.channels, set.images.length]).toEqual([2, 4, 4, 3, 2 * 4 * 4 * 3]);
    // JPEG is lossy even at quality 100
    rgbAt(set.images, 4, 0, 1, 1).forEach((level, c) => expect(Math.abs(level - [0, 255, 0][c]!)).toBeLessThanOrEqual(3));
    expect(rgbAt(set.images, 4, 1, 0, 0)).toEqual([255, 0, 0]);
    expect(rgbAt(set.images, 4, 1, 3, 3)).toEqual([0, 0, 255]);
  });

  it('reads captions.jsonl (file/caption or file_name/text), grey images as RGB and transparency as white', async () => {
    const grey = await sharp(new Uint8Array(4).fill(100), { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    const path = folder({
      'grey.png': grey,
      'clear.png': await halves(2, 2, [255, 0, 0, 0], [255, 0, 0, 0]),
      'captions.jsonl': '{"file": "grey.png", "caption": "grey"}\n{"file_name": "clear.png", "text": "nothing"}\n',
    });
    const set = await loadImageFolder(path, { resolution: 2 });
    expect(set.files).toEqual(['clear.png', 'grey.png']);
    expect(set.captions).toEqual(['nothing', 'grey']);
    expect(rgbAt(set.images, 2, 0, 0, 0)).toEqual([255, 255, 255]);
    expect(rgbAt(set.images, 2, 1, 1, 1)).toEqual([100, 100, 100]);
  });

  it('says in one line what is wrong with the folder', async () => {
    const png = await halves(2, 2, [0, 0, 0], [0, 0, 0]);
    const empty = folder({ 'captions.txt': '' });
    await expect(loadImageFolder(empty, { resolution: 8 })).rejects.toThrow(`image-folder: ${empty}: no .png, .jpg or .jpeg images`);
    const uncaptioned = folder({ 'a.png': png, 'b.png': png, 'captions.txt': 'a.png\tan image\n' });
    await expect(loadImageFolder(uncaptioned, { resolution: 8 })).rejects.toThrow(`image-folder: ${uncaptioned}: no caption for b.png`);
    const extra = folder({ 'a.png': png, 'captions.txt': 'a.png\tan image\nc.png\tgone\n' });
    await expect(loadImageFolder(extra, { resolution: 8 })).rejects.toThrow(`image-folder: ${extra}: captions name images that are not in the folder: c.png`);
    const noCaptions = folder({ 'a.png': png });
    await expect(loadImageFolder(noCaptions, { resolution: 8 })).rejects.toThrow(`image-folder: ${noCaptions}: no captions file; add captions.txt or captions.jsonl`);
    const both = folder({ 'a.png': png, 'captions.txt': '', 'captions.jsonl': '' });
    await expect(loadImageFolder(both, { resolution: 8 })).rejects.toThrow(`image-folder: ${both}: both captions.txt and captions.jsonl; keep one`);
    const noTab = folder({ 'a.png': png, 'captions.txt': 'a.png an image\n' });
    await expect(loadImageFolder(noTab, { resolution: 8 })).rejects.toThrow(`image-folder: ${join(noTab, 'captions.txt')}: line 1: expected <file name><TAB><caption>, found no tab`);
    const twice = folder({ 'a.png': png, 'captions.jsonl': '{"file":"a.png","caption":"x"}\n{"file":"a.png","caption":"y"}\n' });
    await expect(loadImageFolder(twice, { resolution: 8 })).rejects.toThrow(`image-folder: ${join(twice, 'captions.jsonl')}: line 2: a second caption for a.png`);
    const badJson = folder({ 'a.png': png, 'captions.jsonl': '{"file":"a.png"}\n' });
    await expect(loadImageFolder(badJson, { resolution: 8 })).rejects.toThrow(`image-folder: ${join(badJson, 'captions.jsonl')}: line 1: expected a non-empty "caption" (or "text") string for a.png`);
    const unreadable = folder({ 'a.png': 'not a png', 'captions.txt': 'a.png\tbroken\n' });
    await expect(loadImageFolder(unreadable, { resolution: 8 })).rejects.toThrow(new RegExp(`^image-folder: ${join(unreadable, 'a.png')}: unreadable image \\(.+\\)$`));
    await expect(loadImageFolder(join(dir, 'absent'), { resolution: 8 })).rejects.toThrow(`image-folder: ${join(dir, 'absent')} is not a folder`);
    await expect(loadImageFolder(empty, { resolution: 4.5 })).rejects.toThrow('loadImageFolder: resolution must be an integer in [1, 4096], got 4.5');
  });
});
