import { ArgumentError } from '@hybridssm/core';

/**
 * The printable symbol of token `index` of an alphabet of `size` tokens: a letter counted from
 * `firstLetter` ('a' or 'A') when the alphabet fits in 26 letters, else `idPrefix` followed by the index.
 */
export function alphabetSymbol(index: number, size: number, firstLetter: 'a' | 'A', idPrefix: string): string {
  return size <= 26 ? String.fromCharCode(firstLetter.charCodeAt(0) + index) : `${idPrefix}${index}`;
}

/**
 * Renders `tokens` with `symbolOf`, joined by `separator`; throws naming the first id outside [0, vocabSize).
 * `taskName` prefixes the error.
 */
export function renderTokens(
  taskName: string,
  tokens: readonly number[],
  vocabSize: number,
  symbolOf: (token: number) => string,
  separator: string,
): string {
  return tokens
    .map((token, i) => {
      if (!Number.isInteger(token) || token < 0 || token >= vocabSize) {
        throw new ArgumentError(`${taskName}.render: tokens[${i}] must be an integer in [0, ${vocabSize}); got ${token}`);
      }
      return symbolOf(token);
    })
    .join(separator);
}
