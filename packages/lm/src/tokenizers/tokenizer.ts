/** The three ways text becomes token ids: raw bytes, Unicode code points, or byte-level BPE. */
export type TokenizerKind = 'byte' | 'char' | 'bpe';

/** The kinds in the order CLIs list them. */
export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['byte', 'char', 'bpe'];

/** A byte tokenizer has nothing to store beyond its kind. */
export interface ByteTokenizerJson {
  kind: 'byte';
  version: 1;
}

/** A char tokenizer's vocabulary: its code points, ascending; `<unk>` is the id after the last. */
export interface CharTokenizerJson {
  kind: 'char';
  version: 1;
  codePoints: number[];
}

/** A BPE tokenizer's merges in rank order: merge i joins ids [a, b] into id 256 + i. */
export interface BpeTokenizerJson {
  kind: 'bpe';
  version: 1;
  merges: [number, number][];
}

/** What a tokenizer saves beside a checkpoint as tokenizer.json. */
export type TokenizerJson = ByteTokenizerJson | CharTokenizerJson | BpeTokenizerJson;

/** Turns text into token ids and back. */
export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  /** UTF-8 text → ids. */
  encode(text: string): number[];
  /** Raw bytes → ids; exact for any bytes with byte and bpe, char decodes them as UTF-8 (with U+FFFD) first. */
  encodeBytes(bytes: Uint8Array): number[];
  /** Ids → text; bytes that are not valid UTF-8 become U+FFFD. */
  decode(ids: readonly number[]): string;
  /** Ids → bytes; the exact inverse of encodeBytes for byte and bpe. */
  decodeBytes(ids: readonly number[]): Uint8Array;
  /** A plain JSON object that tokenizerFromJson turns back into the same tokenizer. */
  toJSON(): TokenizerJson;
}

/** Throws unless every id is an integer in [0, vocabSize), naming the first one that is not. */
export function checkIds(ids: readonly number[], tokenizer: Pick<Tokenizer, 'kind' | 'vocabSize'>): void {
  ids.forEach((id, index) => {
    if (!Number.isInteger(id) || id < 0 || id >= tokenizer.vocabSize) {
      const { kind, vocabSize } = tokenizer;
      throw new Error(
        `ids[${index}] is ${id}; expected an integer in [0, ${vocabSize - 1}] for the ${kind} tokenizer's vocabSize ${vocabSize}`,
      );
    }
  });
}

// ignoreBOM keeps a leading U+FEFF as text instead of dropping it, so that decode(encode(text)) is text.
const UTF8_DECODER_OPTIONS = { ignoreBOM: true } as const;

/** Bytes → text, invalid UTF-8 as U+FFFD; a leading byte-order mark is kept as a character. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', UTF8_DECODER_OPTIONS).decode(bytes);
}

/**
 * Decodes ids to text as they are generated, one push at a time, holding back the bytes of a UTF-8
 * character until its last byte has arrived so that no character is printed split or twice.
 */
export class TextStream {
  private readonly decoder = new TextDecoder('utf-8', UTF8_DECODER_OPTIONS);

  constructor(private readonly tokenizer: Tokenizer) {}

  /** The text completed by `ids`; bytes of an unfinished character wait for the next push. */
  push(ids: readonly number[]): string {
    return this.decoder.decode(this.tokenizer.decodeBytes(ids), { stream: true });
  }

  /** The held-back bytes of an unfinished character, as U+FFFD; the stream can then start again. */
  flush(): string {
    return this.decoder.decode();
  }
}
