import { describe, expect, it } from 'vitest';
import { calendarColumns, calendarFreq, timeFeatureCount, timeFeatures } from './time-features.js';

const utc = (text: string): Date => new Date(`${text}Z`);

function expectRows(actual: Float32Array, expected: number[][]): void {
  expect(actual.length).toBe(expected.flat().length);
  expected.flat().forEach((value, i) => expect(actual[i], `element ${i}`).toBeCloseTo(value, 6));
}

describe('timeFeatures', () => {
  it('hourly: HourOfDay, DayOfWeek, DayOfMonth, DayOfYear', () => {
    // 2016-07-01 is a Friday (weekday 4) and day 183 of a leap year; 2016-12-31 is a Saturday, day 366.
    expectRows(timeFeatures([utc('2016-07-01T00:00:00'), utc('2016-12-31T23:00:00')], 'h'), [
      [-0.5, 4 / 6 - 0.5, -0.5, 182 / 365 - 0.5],
      [0.5, 5 / 6 - 0.5, 30 / 30 - 0.5, 365 / 365 - 0.5],
    ]);
  });

  it('minutely: MinuteOfHour first, then the hourly features', () => {
    // 2017-01-02 is a Monday (weekday 0), day 2.
    expectRows(timeFeatures([utc('2017-01-02T13:45:00')], 't'), [
      [45 / 59 - 0.5, 13 / 23 - 0.5, -0.5, 1 / 30 - 0.5, 1 / 365 - 0.5],
    ]);
  });

  it('daily: DayOfWeek, DayOfMonth, DayOfYear', () => {
    // 1990-01-01 is a Monday; 1990-03-11 a Sunday, day 70.
    expectRows(timeFeatures([utc('1990-01-01T00:00:00'), utc('1990-03-11T00:00:00')], 'd'), [
      [-0.5, -0.5, -0.5],
      [0.5, 10 / 30 - 0.5, 69 / 365 - 0.5],
    ]);
  });

  it('weekly: DayOfMonth and ISO WeekOfYear across year boundaries', () => {
    // 2021-01-01 is in ISO week 53 of 2020; 2019-12-30 in week 1 of 2020; 2002-01-01 in week 1; 2002-07-16 in week 29.
    const dates = ['2021-01-01', '2019-12-30', '2002-01-01', '2002-07-16'].map((day) => utc(`${day}T00:00:00`));
    expectRows(timeFeatures(dates, 'w'), [
      [-0.5, 0.5],
      [29 / 30 - 0.5, -0.5],
      [-0.5, -0.5],
      [15 / 30 - 0.5, 28 / 52 - 0.5],
    ]);
  });

  it('stays in [-0.5, 0.5] over a leap year of hours', () => {
    const dates = Array.from({ length: 366 * 24 }, (_, hour) => new Date(Date.UTC(2016, 0, 1) + hour * 3_600_000));
    const features = timeFeatures(dates, 'h');
    expect(features.length).toBe(dates.length * timeFeatureCount('h'));
    expect(Math.min(...features)).toBe(-0.5);
    expect(Math.max(...features)).toBe(0.5);
  });

  it('has the Time-Series-Library widths', () => {
    expect([timeFeatureCount('h'), timeFeatureCount('t'), timeFeatureCount('d'), timeFeatureCount('w')]).toEqual([
      4, 5, 3, 2,
    ]);
  });

  it("'recurring' keeps the columns whose period the training span covers twice", () => {
    // ETTh1: 12 training months (360 days) hold day of year once → hour, weekday, day of month
    expect(calendarColumns('h', 'recurring', 359.96)).toEqual([0, 1, 2]);
    expect(calendarColumns('h', 'timeF', 359.96)).toEqual([0, 1, 2, 3]);
    // Exchange: ~18 years of days keep all three
    expect(calendarColumns('d', 'recurring', 18 * 365)).toEqual([0, 1, 2]);
    // a 40-day span keeps hour and weekday only
    expect(calendarColumns('t', 'recurring', 40)).toEqual([0, 1, 2]);
    expect(calendarColumns('h', 'recurring', 40)).toEqual([0, 1]);
  });

  it("'timeF-hourly' takes every hourly column whatever the data's frequency (the official scripts' default --freq h)", () => {
    expect((['h', 't', 'd', 'w'] as const).map((freq) => calendarFreq(freq, 'timeF-hourly'))).toEqual(['h', 'h', 'h', 'h']);
    expect([calendarFreq('d', 'timeF'), calendarFreq('d', 'recurring')]).toEqual(['d', 'd']);
    expect(calendarColumns('h', 'timeF-hourly', 40)).toEqual([0, 1, 2, 3]);
  });

  it('a column subset picks those columns of the full rows', () => {
    const dates = [utc('2016-07-01T05:00:00'), utc('2016-12-31T23:00:00')];
    const full = timeFeatures(dates, 'h');
    expectRows(timeFeatures(dates, 'h', [0, 2]), [
      [full[0] as number, full[2] as number],
      [full[4] as number, full[6] as number],
    ]);
  });
});
