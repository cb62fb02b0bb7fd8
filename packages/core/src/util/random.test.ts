import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.uniform());
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    for (const v of draw(5)) expect(v >= 0 && v < 1).toBe(true);
  });

  it('permutation is a shuffle of 0..n-1', () => {
    const order = new Rng(1).permutation(50);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(order).not.toEqual([...Array(50).keys()]);
  });

  it('normal samples have mean ≈ 0 and variance ≈ 1', () => {
    const rng = new Rng(2);
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
