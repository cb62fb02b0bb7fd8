/**
 * n images in one array, pixel values in [−1, 1], laid out [count, height, width, channels] (row-major,
 * channels last), as the diffusion models take them.
 */
export interface ImageBatch {
  images: Float32Array;
  count: number;
  height: number;
  width: number;
  /** 1 = grey, 3 = RGB. */
  channels: 1 | 3;
}

/** An image batch with one caption per image, in the same order. */
export interface CaptionedImages extends ImageBatch {
  captions: string[];
}

/** A byte 0…255 as a pixel value in [−1, 1]. */
export function byteToUnit(byte: number): number {
  return byte / 127.5 - 1;
}

/** A pixel value in [−1, 1] (clamped) as the nearest byte 0…255. */
export function unitToByte(value: number): number {
  return Math.round((Math.min(1, Math.max(-1, value)) + 1) * 127.5);
}
