import { describe, expect, it } from 'vitest';
import { syntheticPlay } from './synthetic-text.js';

describe('syntheticPlay', () => {
  it('is the requested length, the same for a seed, and different for another', () => {
    const a = syntheticPlay(5000, 1);
    expect(a).toHaveLength(5000);
    expect(syntheticPlay(5000, 1)).toBe(a);
    expect(syntheticPlay(5000, 2)).not.toBe(a);
    expect(a).toMatch(/^[A-Z]+:\n[A-Z][a-z]+ [a-z]+ /);
  });
});
