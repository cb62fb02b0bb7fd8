// Dates in the benchmark CSVs: `2016-07-01 00:00:00` (ETT, ILI), `1990/1/1 0:00` (exchange_rate),
// `2002-01-01` (date only). All are read as UTC so that time features do not depend on the host zone.
const DATE_PATTERN = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses one date cell as UTC; returns null when the text is not a valid calendar date and time. */
export function parseDateUtc(text: string): Date | null {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part))) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2016-02-30 over into March; a roll-over means the day or month was out of range.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}
