/** Sampling frequency codes of Time-Series-Library: hourly, minutely (ETTm's 15 minutes, weather's 10), daily, weekly. */
export type TimeFreq = 'h' | 't' | 'd' | 'w';

/**
 * Which calendar features the models see: `timeF` = Time-Series-Library's full set for the frequency
 * (the papers' setting); `recurring` = only those whose period the training split spans at least twice.
 * A feature seen over a single cycle (day of year on ETTh1's 12 training months) can only name dates,
 * which lets a model memorise the training year instead of learning a pattern that comes back.
 * `timeF-hourly` = the hourly `timeF` set whatever the data's frequency: what the official Mambaformer
 * scripts give their daily Exchange data, since they pass no `--freq` and run_exp.py defaults to 'h'
 * (hour of day is then a constant −0.5, which the bias-free time-feature embedding turns into a bias).
 */
export type CalendarFeatures = 'timeF' | 'recurring' | 'timeF-hourly';

interface Feature {
  /** the feature's period in days */
  periodDays: number;
  value: (date: Date) => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Each feature is scaled to [-0.5, 0.5] exactly as Time-Series-Library's `timeF` encoding does.
const minuteOfHour: Feature = { periodDays: 1 / 24, value: (date) => date.getUTCMinutes() / 59 - 0.5 };
const hourOfDay: Feature = { periodDays: 1, value: (date) => date.getUTCHours() / 23 - 0.5 };
const dayOfWeek: Feature = { periodDays: 7, value: (date) => mondayBasedWeekday(date) / 6 - 0.5 };
const dayOfMonth: Feature = { periodDays: 31, value: (date) => (date.getUTCDate() - 1) / 30 - 0.5 };
const dayOfYear: Feature = { periodDays: 366, value: (date) => (ordinalDay(date) - 1) / 365 - 0.5 };
const weekOfYear: Feature = { periodDays: 366, value: (date) => (isoWeek(date) - 1) / 52 - 0.5 };

const FEATURES: Record<TimeFreq, readonly Feature[]> = {
  h: [hourOfDay, dayOfWeek, dayOfMonth, dayOfYear],
  t: [minuteOfHour, hourOfDay, dayOfWeek, dayOfMonth, dayOfYear],
  d: [dayOfWeek, dayOfMonth, dayOfYear],
  w: [dayOfMonth, weekOfYear],
};

/** Number of `timeF` columns for a frequency. */
export function timeFeatureCount(freq: TimeFreq): number {
  return FEATURES[freq].length;
}

/** The frequency whose `timeF` columns `calendar` draws from: 'h' for `timeF-hourly`, otherwise the data's own. */
export function calendarFreq(dataFreq: TimeFreq, calendar: CalendarFeatures): TimeFreq {
  return calendar === 'timeF-hourly' ? 'h' : dataFreq;
}

/** Indices into the `timeF` columns of freq that `calendar` keeps, for a training split spanning `trainSpanDays`. */
export function calendarColumns(freq: TimeFreq, calendar: CalendarFeatures, trainSpanDays: number): number[] {
  const all = FEATURES[freq].map((_, column) => column);
  return calendar === 'recurring' ? all.filter((column) => 2 * (FEATURES[freq][column] as Feature).periodDays <= trainSpanDays) : all;
}

/** Row-major [dates.length, columns.length] calendar features of UTC dates (default: every `timeF` column). */
export function timeFeatures(dates: readonly Date[], freq: TimeFreq, columns: readonly number[] = FEATURES[freq].map((_, c) => c)): Float32Array {
  const features = columns.map((column) => FEATURES[freq][column] as Feature);
  const out = new Float32Array(dates.length * features.length);
  dates.forEach((date, row) => {
    features.forEach((feature, column) => {
      out[row * features.length + column] = feature.value(date);
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
