import { describe, expect, it } from 'vitest';
import { parseDateUtc } from './parse-date.js';

describe('parseDateUtc', () => {
  it('reads the three benchmark date styles as UTC', () => {
    expect(parseDateUtc('2016-07-01 13:45:30')?.toISOString()).toBe('2016-07-01T13:45:30.000Z');
    expect(parseDateUtc('1990/1/2 0:00')?.toISOString()).toBe('1990-01-02T00:00:00.000Z');
    expect(parseDateUtc('2002-01-01')?.toISOString()).toBe('2002-01-01T00:00:00.000Z');
  });

  it('rejects text and out-of-range fields', () => {
    for (const text of ['', 'yesterday', '2016-13-01', '2016-02-30', '2016-07-01 24:00', '2016-07-01 10:60:00', '16-07-01']) {
      expect(parseDateUtc(text), text).toBeNull();
    }
  });
});
