import { describe, expect, it } from 'vitest';
import { BACKBONE_KINDS, backboneConfig } from './backbone-config.js';
import { backboneParameterCount, matchParameterCount } from './parameter-count.js';

describe('parameter counts', () => {
  // (the tiny preset is too narrow for 5%: one step of 4 in width moves its count by ~20%)
  it.each(['small', 'L'] as const)('%s: dit and dim widths solved to dimba\'s parameter count within 5%%', (preset) => {
    const dimba = backboneConfig({ kind: 'dimba', preset });
    const target = backboneParameterCount(dimba);
    for (const kind of BACKBONE_KINDS) {
      const matched = matchParameterCount(dimba, kind);
      expect(matched.kind).toBe(kind);
      expect(matched.depth).toBe(dimba.depth);
      expect(matched.hidden % dimba.heads).toBe(0);
      expect(Math.abs(backboneParameterCount(matched) / target - 1), `${preset} ${kind} hidden ${matched.hidden}`).toBeLessThan(0.05);
    }
  });
});
