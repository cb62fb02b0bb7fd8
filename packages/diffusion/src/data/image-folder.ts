import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { byteToUnit } from './image-batch.js';
import type { CaptionedImages } from './image-batch.js';
import { readCaptionFile } from './caption-file.js';

/** Options of loadImageFolder. */
export interface ImageFolderOptions {
  /** Every image is scaled to cover resolution × resolution and centre-cropped to it; 1…4096. */
  resolution: number;
}

/** A folder's images as RGB [count, resolution, resolution, 3] in [−1, 1] with their captions. */
export interface ImageFolderImages extends CaptionedImages {
  /** Each image's file name in the folder, in the order of the images. */
  files: string[];
}

const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;
/** Transparent pixels are laid on white, so a logo or sketch on a transparent background stays as drawn. */
const FLATTEN_ON = { r: 255, g: 255, b: 255 };

/**
 * Users' own text-to-image data: the PNG and JPEG files directly in `dir` (sorted by name) and a
 * captions file naming each (see readCaptionFile). Every image needs a caption and every caption an image.
 */
export async function loadImageFolder(dir: string, options: ImageFolderOptions): Promise<ImageFolderImages> {
  const { resolution } = options;
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > 4096) {
    throw new Error(`loadImageFolder: resolution must be an integer in [1, 4096], got ${resolution}`);
  }
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`image-folder: ${dir} is not a folder`);
  const files = readdirSync(dir).filter((name) => IMAGE_EXTENSIONS.test(name) && statSync(join(dir, name)).isFile()).sort();
  if (files.length === 0) throw new Error(`image-folder: ${dir}: no .png, .jpg or .jpeg images`);
  const captions = readCaptionFile(dir);
  const uncaptioned = files.filter((file) => !captions.has(file));
  if (uncaptioned.length > 0) throw new Error(`image-folder: ${dir}: no caption for ${listSome(uncaptioned)}`);
  const missing = [...captions.keys()].filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`image-folder: ${dir}: captions name images that are not in the folder: ${listSome(missing)}`);

  const pixels = resolution * resolution * 3;
  const images = new Float32Array(files.length * pixels);
  const loaded = await Promise.all(files.map((file) => loadImage(join(dir, file), resolution)));
  loaded.forEach((image, i) => images.set(image, i * pixels));
  return {
    images,
    count: files.length,
    height: resolution,
    width: resolution,
    channels: 3,
    captions: files.map((file) => captions.get(file) as string),
    files,
  };
}

/** The image at `path` covering resolution² (centre crop), as RGB in [−1, 1]. */
async function loadImage(path: string, resolution: number): Promise<Float32Array> {
  let data: Buffer;
  try {
    data = await sharp(path)
      .resize(resolution, resolution, { fit: 'cover', position: 'centre' })
      .flatten({ background: FLATTEN_ON })
      .toColourspace('srgb')
      .raw()
      .toBuffer();
  } catch (error) {
    throw new Error(`image-folder: ${path}: unreadable image (${(error as Error).message.split('\n')[0]})`);
  }
  return Float32Array.from(data, byteToUnit);
}

function listSome(files: string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}
