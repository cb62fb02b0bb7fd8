import { loadTextCorpus, tokenizeSplit } from './text-corpus.js';
import { buildTokenizer } from '../tokenizers/tokenizer-file.js';
import type { Tokenizer, TokenizerKind } from '../tokenizers/tokenizer.js';

/** A corpus ready to train on: its tokenizer and the token streams of its two splits. */
export interface PreparedCorpus {
  path: string;
  tokenizer: Tokenizer;
  train: Int32Array;
  validation: Int32Array;
  /** bytes per token of the validation split (for bits per byte) */
  bytesPerToken: number;
}

/**
 * Reads a text file, splits it by position (last `validationFraction` held out), and tokenizes both
 * splits with `tokenizer` — or with a new one of `kind` built from the training split only (a
 * byte-pair or character vocabulary never sees the validation text).
 */
export function prepareCorpus(
  path: string,
  options: { validationFraction?: number; tokenizer?: Tokenizer; kind?: TokenizerKind; vocabSize?: number },
): PreparedCorpus {
  const corpus = loadTextCorpus(path, options.validationFraction === undefined ? {} : { validationFraction: options.validationFraction });
  const tokenizer =
    options.tokenizer ??
    buildTokenizer(options.kind ?? 'byte', new TextDecoder().decode(corpus.train), options.vocabSize === undefined ? {} : { vocabSize: options.vocabSize });
  const validation = tokenizeSplit(tokenizer, corpus.validation);
  return { path, tokenizer, train: tokenizeSplit(tokenizer, corpus.train), validation, bytesPerToken: corpus.validation.length / Math.max(1, validation.length) };
}
