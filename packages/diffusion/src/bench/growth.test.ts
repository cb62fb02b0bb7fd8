import { describe, expect, it } from 'vitest';
import { crossover, fittedExponent, growthExponents } from './growth.js';

const powerLaw = (k: number, scale: number) => [16, 64, 256, 1024].map((patches) => ({ patches, ms: scale * patches ** k }));

describe('growth exponents', () => {
  it('recovers the exponent of a power law between every pair of sizes and over all', () => {
    for (const k of [1, 1.5, 2]) {
      expect(growthExponents(powerLaw(k, 0.3)).map((step) => step.exponent)).toEqual([k, k, k].map((v) => expect.closeTo(v, 12)));
      expect(fittedExponent(powerLaw(k, 0.3))).toBeCloseTo(k, 12);
    }
    expect(growthExponents([...powerLaw(1, 2)].reverse()).map((step) => [step.fromPatches, step.toPatches])).toEqual([[16, 64], [64, 256], [256, 1024]]);
  });

  it('reads a fixed cost plus a linear one as a slope rising towards 1', () => {
    const steps = growthExponents([16, 64, 256, 1024].map((patches) => ({ patches, ms: 1000 + patches })));
    expect(steps.map((s) => s.exponent)).toEqual([...steps.map((s) => s.exponent)].sort((a, b) => a - b));
    expect(steps.at(-1)?.exponent).toBeLessThan(1);
    expect(fittedExponent([{ patches: 16, ms: 1 }])).toBeNull();
  });

  it('finds the patch count from which a linear cost stays below a quadratic one', () => {
    const quadratic = powerLaw(2, 1);
    expect(crossover(powerLaw(1, 100), quadratic)).toBe(256);
    expect(crossover(powerLaw(1, 16), quadratic)).toBe(64); // equal at 16 patches: not cheaper there
    expect(crossover(powerLaw(1, 1e6), quadratic)).toBeNull();
    expect(crossover(powerLaw(2, 0.5), quadratic)).toBe(16);
    // cheaper, dearer, cheaper again: only the last stretch counts
    const wobbly = [{ patches: 16, ms: 1 }, { patches: 64, ms: 1e9 }, { patches: 256, ms: 1 }, { patches: 1024, ms: 1 }];
    expect(crossover(wobbly, quadratic)).toBe(256);
  });
});
