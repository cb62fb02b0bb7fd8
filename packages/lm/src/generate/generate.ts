import * as tf from '@tensorflow/tfjs';
import { ArgumentError, Rng } from '@hybridssm/core';
import type { LanguageModel } from '../models/language-model.js';
import { checkSampling, sampleToken } from './sampling.js';
import type { SamplingOptions } from './sampling.js';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  /** default 0 */
  seed?: number;
  /** stop after generating this token (it is yielded) */
  stopToken?: number;
  /** prompt positions read in parallel per prefill chunk, default 256 */
  prefillChunk?: number;
}

/**
 * Generates up to `maxNewTokens` tokens after `prompt`, yielding each as soon as it is chosen (stream
 * it to stdout). The prompt is read in one parallel prefill; every further token is one `step` through
 * the caches: O(1) per Mamba layer, one key/value append per attention layer.
 */
export async function* generateTokens(model: LanguageModel, prompt: readonly number[], options: GenerateOptions): AsyncGenerator<number> {
  const sampling = checkSampling(options);
  const { maxNewTokens } = options;
  if (!(Number.isInteger(maxNewTokens) && maxNewTokens >= 0)) throw new ArgumentError(`max-new-tokens must be an integer ≥ 0; got ${maxNewTokens}`);
  if (prompt.length === 0) throw new ArgumentError('prompt must have at least one token; got an empty prompt');
  const max = model.config.maxSeqLen;
  if (prompt.length + maxNewTokens > max) {
    throw new ArgumentError(`prompt of ${prompt.length} tokens + ${maxNewTokens} new tokens exceeds the model's maximum sequence length of ${max}`);
  }
  const vocab = model.config.vocabSize;
  const bad = prompt.find((id) => !(Number.isInteger(id) && id >= 0 && id < vocab));
  if (bad !== undefined) throw new ArgumentError(`prompt token ${bad} is outside the vocabulary [0, ${vocab})`);
  const rng = new Rng(options.seed ?? 0);
  const cache = model.initCache(1, prompt.length + maxNewTokens);
  try {
    let logits = tf.tidy(() => model.prefill(tf.tensor2d([...prompt], [1, prompt.length], 'int32'), cache, options.prefillChunk));
    for (let i = 0; i < maxNewTokens; i++) {
      const values = await logits.data();
      logits.dispose();
      const token = sampleToken(values, sampling, rng);
      yield token;
      if (token === options.stopToken || i + 1 === maxNewTokens) return;
      logits = tf.tidy(() => model.step(tf.tensor1d([token], 'int32'), cache));
    }
    logits.dispose();
  } finally {
    cache.dispose();
  }
}
