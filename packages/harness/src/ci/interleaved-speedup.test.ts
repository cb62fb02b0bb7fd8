import { afterEach, describe, expect, it, vi } from 'vitest';
import { interleavedSpeedup } from './interleaved-speedup.js';

describe('interleavedSpeedup', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is the ratio of the fastest timed calls, ignoring the warm-up and bursts of contention', async () => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    // each call advances the clock by its next duration: warm-up first, then the timed rounds
    const calls = (durations: number[]) => () => {
      clock += durations.shift() as number;
    };
    const slow = calls([500, 40, 90, 41, 300]);
    const fast = calls([100, 12, 10, 30, 10]);
    expect(await interleavedSpeedup(slow, fast, 4)).toBeCloseTo(40 / 10, 12);
  });
});
