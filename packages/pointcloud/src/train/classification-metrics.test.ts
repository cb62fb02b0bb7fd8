import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionMarkdown } from './classification-metrics.js';

describe('classificationMetrics', () => {
  it('OA over clouds, mAcc over the classes present, the confusion matrix by [true][predicted]', () => {
    // class 0: 3 of 4 right; class 1: 1 of 1; class 2: 0 of 1; class 3 absent
    const m = classificationMetrics([0, 0, 0, 0, 1, 2], [0, 0, 0, 1, 1, 0], 4);
    expect(m.overallAccuracy).toBeCloseTo((100 * 4) / 6, 10);
    expect(m.classAccuracy).toEqual([75, 100, 0, null]);
    expect(m.meanClassAccuracy).toBeCloseTo((75 + 100 + 0) / 3, 10);
    expect(m.confusion).toEqual([
      [3, 1, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(confusionMarkdown(m, ['a', 'b', 'c', 'd'])).toContain('| c | 1 | 0 | 0 | 0 | 0.0 |');
  });

  it('refuses mismatched or empty inputs', () => {
    expect(() => classificationMetrics([0, 1], [0], 2)).toThrow(/2 labels but 1 predictions/);
    expect(() => classificationMetrics([], [], 2)).toThrow(/no clouds/);
  });
});
