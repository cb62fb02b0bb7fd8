import { ArgumentError, Embedding, LayerNorm, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { positionEmbedding1d } from './position-embedding.js';
import type { TextConditioning, TextEncoder } from './text-encoder.js';
import { TextTransformerBlock } from './text-transformer-block.js';

/** Token ids: the 256 byte values, then a start token (so an empty caption still has a token) and padding. */
export const START_TOKEN = 256;
export const PADDING_TOKEN = 257;
export const BYTE_VOCABULARY = 258;

export interface ByteTextEncoderConfig {
  dim: number;
  layers: number;
  heads: number;
  /** token length L (start token + UTF-8 bytes); longer captions are truncated; default 64 */
  maxTokens?: number;
}

/**
 * Token ids [b, L] and mask [b, L] of captions: the start token, then the caption's UTF-8 bytes, truncated
 * to L and padded (so every language, spelling and length works; multi-byte characters cut at the end
 * are kept as their leading bytes).
 */
export function byteTokenIds(texts: readonly string[], maxTokens: number): { ids: Int32Array; mask: Float32Array } {
  const utf8 = new globalThis.TextEncoder();
  const ids = new Int32Array(texts.length * maxTokens).fill(PADDING_TOKEN);
  const mask = new Float32Array(texts.length * maxTokens);
  texts.forEach((text, row) => {
    const bytes = utf8.encode(text).subarray(0, maxTokens - 1);
    const offset = row * maxTokens;
    ids[offset] = START_TOKEN;
    ids.set(bytes, offset + 1);
    mask.fill(1, offset, offset + 1 + bytes.length);
  });
  return { ids, mask };
}

/**
 * A small trainable caption encoder: UTF-8 bytes → byte embedding (N(0, 1), PyTorch's nn.Embedding
 * init) + sin-cos positions → pre-norm Transformer blocks with a padding mask → final LayerNorm.
 * It stands in for Dimba's frozen T5 at CPU scale and is trained with the backbone.
 */
export class ByteTextEncoder extends Module implements TextEncoder {
  readonly dim: number;
  readonly maxTokens: number;
  private readonly embedding: Embedding;
  private readonly blocks: TextTransformerBlock[];
  private readonly finalNorm: LayerNorm;

  constructor(config: ByteTextEncoderConfig, rng: Rng) {
    super();
    this.dim = config.dim;
    this.maxTokens = config.maxTokens ?? 64;
    for (const [name, value] of [['dim', this.dim], ['layers', config.layers], ['heads', config.heads], ['maxTokens', this.maxTokens]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ArgumentError(`ByteTextEncoder: config '${name}' must be a positive integer; got ${value}`);
    }
    if (this.dim % 2 !== 0 || this.dim % config.heads !== 0) {
      throw new ArgumentError(`ByteTextEncoder: config 'dim' must be even and divisible by heads=${config.heads}; got ${this.dim}`);
    }
    this.embedding = this.child('embedding', new Embedding({ vocabSize: BYTE_VOCABULARY, dim: this.dim, initStd: 1 }, rng));
    this.blocks = Array.from({ length: config.layers }, (_, i) => this.child(`blocks.${i}`, new TextTransformerBlock(this.dim, config.heads, rng)));
    this.finalNorm = this.child('norm', new LayerNorm(this.dim));
  }

  encode(texts: readonly string[]): TextConditioning {
    if (!Array.isArray(texts) || texts.length === 0 || texts.some((text) => typeof text !== 'string')) {
      throw new ArgumentError(`ByteTextEncoder.encode: argument 'texts' must be a non-empty array of strings; got ${JSON.stringify(texts)?.slice(0, 80)}`);
    }
    const { ids, mask } = byteTokenIds(texts, this.maxTokens);
    const shape: [number, number] = [texts.length, this.maxTokens];
    return tf.tidy(() => {
      const maskTensor = tf.tensor2d(mask, shape);
      let x = tf.add(this.embedding.apply(tf.tensor2d(ids, shape, 'int32')), positionEmbedding1d(this.dim, this.maxTokens));
      for (const block of this.blocks) x = block.apply(x, maskTensor);
      return { tokens: this.finalNorm.apply(x), mask: maskTensor };
    });
  }
}
