import type * as tf from '@tensorflow/tfjs';

/** Encoded captions as the backbone's cross-attention reads them. */
export interface TextConditioning {
  /** [b, L, dim] */
  tokens: tf.Tensor;
  /** [b, L] float32: 1 where a token may be attended, 0 where it is padding */
  mask: tf.Tensor;
}

/**
 * What turns captions into cross-attention tokens: the small trainable `ByteTextEncoder`, or a
 * pretrained encoder (Dimba uses T5 v1.1 XXL) dropped in behind the same interface.
 */
export interface TextEncoder {
  /** width of the tokens */
  readonly dim: number;
  /** the tokens' length L: every caption is truncated or padded to it */
  readonly maxTokens: number;
  encode(texts: readonly string[]): TextConditioning;
}
