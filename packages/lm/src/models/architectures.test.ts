import { describe, expect, it } from 'vitest';
import { architecturePattern, checkPattern, hybridPattern, parseArchitecture } from './architectures.js';

// the 8B Mamba-2-Hybrid's HYBRID_LAYER_PATTERN (Megatron-LM examples/mamba/run_text_gen_server_8b.sh)
const PATTERN_8B = 'M-M-M--M-M*-M-M-M-M--M*-M-M-M-M-M*--M-M-M-M-M*-M--M-M-M-';

describe('architectures', () => {
  it("reproduces the 8B hybrid's pattern from Megatron's allocation at 56 layers", () => {
    expect(hybridPattern(56)).toBe(PATTERN_8B);
  });

  it('spreads attention through a small hybrid, not first, with half MLPs', () => {
    const pattern = hybridPattern(8);
    expect(pattern).toHaveLength(8);
    expect(pattern[0]).toBe('M');
    expect([...pattern].filter((c) => c === '*')).toHaveLength(1);
    expect([...pattern].filter((c) => c === '-')).toHaveLength(4);
  });

  it('keeps one attention layer in a 4-layer hybrid', () => {
    expect(hybridPattern(4)).toBe('M-*-');
  });

  it('builds each architecture', () => {
    expect(architecturePattern('transformer', 4)).toBe('*-*-');
    expect(architecturePattern('mamba', 3)).toBe('mmm');
    expect(architecturePattern('mamba2', 3)).toBe('MMM');
    expect(() => architecturePattern('transformer', 3)).toThrow(/must be even; got 3/);
  });

  it('rejects unknown architectures and pattern characters', () => {
    expect(() => parseArchitecture('rwkv')).toThrow(/architecture must be one of transformer, mamba, mamba2, mamba2-hybrid; got "rwkv"/);
    expect(() => checkPattern('M-x')).toThrow(/unknown layer character 'x' at position 2/);
    expect(() => checkPattern('')).toThrow(/at least one layer character/);
  });
});
