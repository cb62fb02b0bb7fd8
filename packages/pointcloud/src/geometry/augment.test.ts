import { Rng } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { jitter, randomRotateAboutUpAxis, randomScaleAndTranslate } from './augment.js';
import { randomCloudBatch } from './random-clouds.js';

describe('augmentations', () => {
  const clouds = randomCloudBatch(61, 4, 200);
  const augmentations = {
    randomScaleAndTranslate: (rng: Rng) => randomScaleAndTranslate(clouds, rng),
    randomRotateAboutUpAxis: (rng: Rng) => randomRotateAboutUpAxis(clouds, rng),
    jitter: (rng: Rng) => jitter(clouds, rng),
  };

  for (const [name, augment] of Object.entries(augmentations)) {
    it(`${name} is deterministic per seed, differs across seeds and leaves its input alone`, () => {
      const before = clouds.points.slice();
      const a = augment(new Rng(7)).points;
      expect(augment(new Rng(7)).points).toEqual(a);
      expect(augment(new Rng(8)).points).not.toEqual(a);
      expect(clouds.points).toEqual(before);
    });
  }

  it('scales each axis by a factor in [2/3, 3/2) and shifts it by an amount in [−0.2, 0.2)', () => {
    // Cloud c: the origin and (1, 1, 1), so the output holds the shift, then scale + shift.
    const unit = { points: Float32Array.from({ length: 16 * 6 }, (_, i) => (i % 6 >= 3 ? 1 : 0)), batch: 16, count: 2 };
    const out = randomScaleAndTranslate(unit, new Rng(3)).points;
    for (let c = 0; c < 16; c++) {
      for (let axis = 0; axis < 3; axis++) {
        const shift = out[c * 6 + axis] as number;
        const scale = (out[c * 6 + 3 + axis] as number) - shift;
        expect(shift).toBeGreaterThanOrEqual(-0.2);
        expect(shift).toBeLessThan(0.2);
        expect(scale).toBeGreaterThanOrEqual(2 / 3 - 1e-6);
        expect(scale).toBeLessThan(3 / 2 + 1e-6);
      }
    }
  });

  it('rotates about y: y and each point’s distance from the y axis are kept', () => {
    const rotated = randomRotateAboutUpAxis(clouds, new Rng(4)).points;
    for (let i = 0; i < clouds.points.length; i += 3) {
      expect(rotated[i + 1]).toBe(clouds.points[i + 1]);
      const radius = Math.hypot(clouds.points[i] as number, clouds.points[i + 2] as number);
      expect(Math.hypot(rotated[i] as number, rotated[i + 2] as number)).toBeCloseTo(radius, 5);
    }
    expect(rotated).not.toEqual(clouds.points);
  });

  it('jitters by Gaussian noise of σ 0.01 clipped to ±0.05', () => {
    const jittered = jitter(clouds, new Rng(5), { clip: 0.015 }).points;
    const noise = Array.from(jittered, (v, i) => v - (clouds.points[i] as number));
    expect(Math.max(...noise.map(Math.abs))).toBeLessThanOrEqual(0.015 + 1e-6);
    const unclipped = Array.from(jitter(clouds, new Rng(5)).points, (v, i) => v - (clouds.points[i] as number));
    const sd = Math.sqrt(unclipped.reduce((a, v) => a + v * v, 0) / unclipped.length);
    expect(sd).toBeGreaterThan(0.009);
    expect(sd).toBeLessThan(0.011);
    expect(Math.max(...unclipped.map(Math.abs))).toBeLessThanOrEqual(0.05 + 1e-6);
    expect(() => jitter(clouds, new Rng(5), { sigma: -1 })).toThrow("jitter: 'sigma' must be a finite number ≥ 0; got -1");
    expect(() => randomScaleAndTranslate(clouds, new Rng(5), { scaleRange: [2, 1] })).toThrow(
      "randomScaleAndTranslate: 'scaleRange' must be [low, high] with 0 < low ≤ high < ∞; got [2, 1]",
    );
  });
});
