import { ArgumentError } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { mnistPromptTarget } from '../evaluation/prompt-targets.js';
import { DIGIT_SEGMENTS, renderDigits } from './digit-glyphs.js';

const imageOf = (set: { images: Float32Array; height: number }, i: number) => set.images.subarray(i * set.height ** 2, (i + 1) * set.height ** 2);
/** The share of an image's pixels brighter than mid-grey. */
const inkShare = (image: Float32Array) => image.filter((value) => value > 0).length / image.length;

describe('renderDigits', () => {
  it('renders [count, 28, 28, 1] grey images in [−1, 1], the same for the same seed and others for another', async () => {
    const a = await renderDigits({ count: 12, seed: 3 });
    const b = await renderDigits({ count: 12, seed: 3 });
    const c = await renderDigits({ count: 12, seed: 4 });
    expect([a.count, a.height, a.width, a.channels, a.images.length, a.labels.length, a.captions.length]).toEqual([12, 28, 28, 1, 12 * 784, 12, 12]);
    expect(a.images.every((value) => value >= -1 && value <= 1)).toBe(true);
    expect(b.images).toEqual(a.images);
    expect(b.labels).toEqual(a.labels);
    expect(b.captions).toEqual(a.captions);
    expect(c.images).not.toEqual(a.images);
  });

  it('captions each image with its own digit, from the MNIST templates, and draws every digit', async () => {
    const set = await renderDigits({ count: 200, seed: 1, resolution: 16 });
    set.captions.forEach((caption, i) => expect(mnistPromptTarget(caption)).toEqual({ digit: String(set.labels[i]) }));
    expect(new Set(set.labels).size).toBe(10);
  });

  it('draws white strokes on black inside the image, more ink for more segments, and varies the glyphs of one digit', async () => {
    const side = 28;
    const set = await renderDigits({ count: 300, seed: 7 });
    const meanInk = (digit: number) => {
      const shares = [...set.labels.keys()].filter((i) => set.labels[i] === digit).map((i) => inkShare(imageOf(set, i)));
      return shares.reduce((a, b) => a + b, 0) / shares.length;
    };
    expect(DIGIT_SEGMENTS[8]).toHaveLength(7);
    expect(meanInk(8)).toBeGreaterThan(2 * meanInk(1));
    for (let i = 0; i < set.count; i++) {
      const image = imageOf(set, i);
      expect(inkShare(image)).toBeGreaterThan(0.02);
      expect(inkShare(image)).toBeLessThan(0.5);
      const border = [...Array(side).keys()].flatMap((k) => [image[k], image[(side - 1) * side + k], image[k * side], image[k * side + side - 1]]) as number[];
      expect(Math.max(...border)).toBeLessThan(-0.5);
    }
    const eights = [...set.labels.keys()].filter((i) => set.labels[i] === 8);
    expect(imageOf(set, eights[0]!)).not.toEqual(imageOf(set, eights[1]!));
  });

  it('rejects a bad count, seed or resolution, naming it', async () => {
    await expect(renderDigits({ count: -1, seed: 0 })).rejects.toThrow(ArgumentError);
    await expect(renderDigits({ count: 2, seed: 0.5 })).rejects.toThrow(/'seed'.*0.5/);
    await expect(renderDigits({ count: 2, seed: 0, resolution: 8 })).rejects.toThrow(/'resolution' must be an integer in \[12, 256\]; got 8/);
  });
});
