// A plain decimal or exponent number; Number() alone would also accept '', '0x1F' and 'Infinity'.
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// PCL and other writers spell invalid points 'nan'; it is a number here and a NaN-coordinate error later.
const NAN_PATTERN = /^[+-]?nan$/i;

/** The number a whitespace-separated token of a text point-cloud file spells (NaN for 'nan'), or null if it is none. */
export function parseNumberToken(token: string): number | null {
  if (NUMBER_PATTERN.test(token)) return Number(token);
  return NAN_PATTERN.test(token) ? Number.NaN : null;
}
