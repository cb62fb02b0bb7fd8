import * as tf from '@tensorflow/tfjs';
import { argumentFailure } from '../diffusion/check-args.js';

function requirePatch(op: string, patch: number): void {
  if (!Number.isInteger(patch) || patch < 1) argumentFailure(op, 'patch', 'a positive integer', String(patch));
}

function requireDivisible(op: string, name: string, height: number, width: number, patch: number, shape: readonly number[]): void {
  if (height % patch !== 0 || width % patch !== 0) {
    argumentFailure(op, name, `of height and width divisible by the patch size ${patch}`, `height ${height}, width ${width} (shape [${shape.join(',')}])`);
  }
}

/**
 * Images [b, h, w, c] → patch tokens [b, (h/p)(w/p), p·p·c] (ViT/DiT's patch embedding input): tokens
 * row-major over the patch grid, each token's features row-major over the patch's pixels, then channel.
 */
export function patchify(images: tf.Tensor, patch: number): tf.Tensor {
  requirePatch('patchify', patch);
  if (images.rank !== 4) argumentFailure('patchify', 'images', 'of rank 4 [b,h,w,c]', `shape [${images.shape.join(',')}]`);
  const [b, h, w, c] = images.shape as [number, number, number, number];
  requireDivisible('patchify', 'images', h, w, patch, images.shape);
  const [gridH, gridW] = [h / patch, w / patch];
  return tf.tidy(() => {
    // [b·gridH, p (pixel row), gridW, p·c (pixel column, channel)] → swap the middle axes
    const rows = tf.reshape(images, [b * gridH, patch, gridW, patch * c]);
    return tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [b, gridH * gridW, patch * patch * c]);
  });
}

/** The size of the images that patch tokens came from. */
export interface PatchedImageSize {
  height: number;
  width: number;
  patch: number;
}

/** Patch tokens [b, (h/p)(w/p), p·p·c] → images [b, h, w, c]: the inverse of `patchify`. */
export function unpatchify(tokens: tf.Tensor, size: PatchedImageSize): tf.Tensor {
  const { height, width, patch } = size;
  requirePatch('unpatchify', patch);
  requireDivisible('unpatchify', 'size', height, width, patch, [height, width]);
  const [gridH, gridW] = [height / patch, width / patch];
  const [b, n, features] = tokens.shape as [number, number, number];
  if (tokens.rank !== 3 || n !== gridH * gridW || features % (patch * patch) !== 0) {
    argumentFailure('unpatchify', 'tokens', `of shape [b, ${gridH * gridW}, p·p·c] with p = ${patch}`, `[${tokens.shape.join(',')}]`);
  }
  const c = features / (patch * patch);
  return tf.tidy(() => {
    const rows = tf.reshape(tokens, [b * gridH, gridW, patch, patch * c]);
    return tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [b, height, width, c]);
  });
}
