import { checkIds, decodeUtf8 } from './tokenizer.js';
import type { ByteTokenizerJson, Tokenizer } from './tokenizer.js';

/** One id per byte of the UTF-8 encoding: 256 ids, nothing to train. */
export class ByteTokenizer implements Tokenizer {
  readonly kind = 'byte';
  readonly vocabSize = 256;

  encode(text: string): number[] {
    return this.encodeBytes(new TextEncoder().encode(text));
  }

  encodeBytes(bytes: Uint8Array): number[] {
    return Array.from(bytes);
  }

  decode(ids: readonly number[]): string {
    return decodeUtf8(this.decodeBytes(ids));
  }

  decodeBytes(ids: readonly number[]): Uint8Array {
    checkIds(ids, this);
    return Uint8Array.from(ids);
  }

  toJSON(): ByteTokenizerJson {
    return { kind: 'byte', version: 1 };
  }
}
