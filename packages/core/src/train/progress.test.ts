import { describe, expect, it } from 'vitest';
import { formatMetrics } from './progress.js';

describe('formatMetrics', () => {
  it('shows four decimals, and — for a metric without a value yet (never NaN)', () => {
    expect(formatMetrics({ loss: undefined })).toBe('loss —');
    expect(formatMetrics({ loss: 0.123456, lr: undefined })).toBe('loss 0.1235 | lr —');
    expect(formatMetrics({})).toBe('');
  });

  it('still shows a loss that became NaN (a diverged run), since that was reported', () => {
    expect(formatMetrics({ loss: Number.NaN })).toBe('loss NaN');
  });
});
