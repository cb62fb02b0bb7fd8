/** Sampling frequency codes of Time-Series-Library: hourly, minutely (ETTm's 15 minutes, weather's 10), daily, weekly. */
export type TimeFreq = 'h' | 't' | 'd' | 'w';

type Feature = (date: Date) => number;

const DAY_MS = 24 * 60 * 60 * 1000;

// Each feature is scaled to [-0.5, 0.5] exactly as Time-Series-Library's `timeF` encoding does.
const minuteOfHour: Feature = (date) => date.getUTCMinutes() / 59 - 0.5;
const hourOfDay: Feature = (date) => date.getUTCHours() / 23 - 0.5;
const dayOfWeek: Feature = (date) => mondayBasedWeekday(date) / 6 - 0.5;
const dayOfMonth: Feature = (date) => (date.getUTCDate() - 1) / 30 - 0.5;
const dayOfYear: Feature = (date) => (ordinalDay(date) - 1) / 365 - 0.5;
const weekOfYear: Feature = (date) => (isoWeek(date) - 1) / 52 - 0.5;

const FEATURES: Record<TimeFreq, readonly Feature[]> = {
  h: [hourOfDay, dayOfWeek, dayOfMonth, dayOfYear],
  t: [minuteOfHour, hourOfDay, dayOfWeek, dayOfMonth, dayOfYear],
  d: [dayOfWeek, dayOfMonth, dayOfYear],
  w: [dayOfMonth, weekOfYear],
};

/** Number of time-feature columns for a frequency (the models' mark width). */
export function timeFeatureCount(freq: TimeFreq): number {
  return FEATURES[freq].length;
}

/** Row-major [dates.length, timeFeatureCount(freq)] calendar features of UTC dates. */
export function timeFeatures(dates: readonly Date[], freq: TimeFreq): Float32Array {
  const features = FEATURES[freq];
  const out = new Float32Array(dates.length * features.length);
  dates.forEach((date, row) => {
    features.forEach((feature, column) => {
      out[row * features.length + column] = feature(date);
    });
  });
  return out;
}

/** Monday = 0 … Sunday = 6, as pandas' `dayofweek`. */
function mondayBasedWeekday(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

/** 1-based day of the year. */
function ordinalDay(date: Date): number {
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  const startOfDay = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return (startOfDay - startOfYear) / DAY_MS + 1;
}

/** ISO 8601 week number: the week that holds the date's Thursday, counted within that Thursday's year. */
function isoWeek(date: Date): number {
  const thursday = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - mondayBasedWeekday(date)),
  );
  return Math.floor((ordinalDay(thursday) - 1) / 7) + 1;
}
