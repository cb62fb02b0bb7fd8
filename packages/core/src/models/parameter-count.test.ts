import { beforeAll, describe, expect, it } from 'vitest';
import { HybridStack } from './hybrid-stack.js';
import type { HybridStackConfig } from './hybrid-stack.js';
import { countParameters, solveWidth, stackParameterCount } from './parameter-count.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';

describe('parameter counts', () => {
  beforeAll(() => useBackend('cpu'));

  const configs: HybridStackConfig[] = [
    { dModel: 32, pattern: 'M-M*-', layers: { mamba2: { dState: 16, headdim: 16, ngroups: 2 }, attention: { numHeads: 4, numKvHeads: 2 } } },
    { dModel: 24, pattern: 'm*-', norm: 'layer', layers: { mamba: { dState: 8, dtRank: 3 }, mlp: { activation: 'swiglu', bias: true } } },
    { dModel: 16, pattern: 'mM', finalNorm: false, layers: { mamba2: { dState: 8, headdim: 8, expand: 1 } } },
    { dModel: 16, pattern: 'm*m', residual: 'post-norm', norm: 'layer', layers: { attention: { numHeads: 2, bias: true } } },
  ];

  for (const config of configs) {
    it(`closed form equals the built model, per block kind: ${config.pattern}`, () => {
      const stack = new HybridStack(config, new Rng(0));
      const count = countParameters(stack);
      expect(stackParameterCount(config)).toBe(count.total);
      const byHand = [...stack.parameters().values()].reduce((a, v) => a + v.size, 0);
      expect(count.total).toBe(byHand);
      for (const kind of new Set(stack.blocks.map((b) => b.kind.name))) expect(count.byKind[kind]).toBeGreaterThan(0);
      stack.dispose();
    });
  }

  it('attributes parameters to block kinds, the final norm to other', () => {
    const stack = new HybridStack({ dModel: 16, pattern: '-', layers: { mlp: { hidden: 32 } } }, new Rng(0));
    expect(countParameters(stack).byKind).toEqual({ mlp: 16 + 2 * 16 * 32, other: 16 });
    stack.dispose();
  });

  it('solves for the width that matches a target parameter count', () => {
    const count = (dModel: number) => stackParameterCount({ dModel, pattern: 'M-M*-', layers: { mamba2: { headdim: 16 }, attention: { numHeads: 4 } } });
    const target = count(256) + 1000;
    const solved = solveWidth(target, count, { multipleOf: 16 });
    expect(solved.width).toBe(256);
    expect(solved.parameters).toBe(count(256));
    expect(() => solveWidth(-1, count)).toThrow(/argument 'target' must be positive/);
  });
});
