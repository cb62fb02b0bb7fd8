import { checkIds, decodeUtf8 } from './tokenizer.js';
import type { CharTokenizerJson, Tokenizer } from './tokenizer.js';

const MAX_CODE_POINT = 0x10ffff;
const REPLACEMENT_CHARACTER = '\ufffd';

/**
 * One id per Unicode code point of a corpus, ascending by code point, and an `<unk>` id (the last)
 * for any character the corpus did not have; `<unk>` decodes to U+FFFD.
 */
export class CharTokenizer implements Tokenizer {
  readonly kind = 'char';
  readonly vocabSize: number;
  /** The id that characters outside the vocabulary encode to. */
  readonly unkId: number;
  private readonly codePoints: readonly number[];
  private readonly idOf: ReadonlyMap<number, number>;

  /** `codePoints` must be strictly ascending integers in [0, 0x10FFFF]. */
  constructor(codePoints: readonly number[]) {
    codePoints.forEach((codePoint, index) => {
      const previous = index === 0 ? -1 : (codePoints[index - 1] as number);
      if (!Number.isInteger(codePoint) || codePoint <= previous || codePoint > MAX_CODE_POINT) {
        throw new Error(
          `codePoints[${index}] is ${codePoint}; expected an integer above ${previous} and at most ${MAX_CODE_POINT} ` +
            '(strictly ascending code points)',
        );
      }
    });
    this.codePoints = [...codePoints];
    this.idOf = new Map(codePoints.map((codePoint, id) => [codePoint, id]));
    this.unkId = codePoints.length;
    this.vocabSize = codePoints.length + 1;
  }

  /** The tokenizer whose vocabulary is every distinct code point of `text`. */
  static fromText(text: string): CharTokenizer {
    if (text.length === 0) throw new Error('CharTokenizer.fromText: text is empty; expected the training corpus');
    const distinct = new Set<number>();
    for (const char of text) distinct.add(char.codePointAt(0) as number);
    return new CharTokenizer([...distinct].sort((a, b) => a - b));
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const char of text) ids.push(this.idOf.get(char.codePointAt(0) as number) ?? this.unkId);
    return ids;
  }

  encodeBytes(bytes: Uint8Array): number[] {
    return this.encode(decodeUtf8(bytes));
  }

  decode(ids: readonly number[]): string {
    checkIds(ids, this);
    const chars = ids.map((id) => (id === this.unkId ? REPLACEMENT_CHARACTER : String.fromCodePoint(this.codePoints[id] as number)));
    return chars.join('');
  }

  decodeBytes(ids: readonly number[]): Uint8Array {
    return new TextEncoder().encode(this.decode(ids));
  }

  toJSON(): CharTokenizerJson {
    return { kind: 'char', version: 1, codePoints: [...this.codePoints] };
  }
}
