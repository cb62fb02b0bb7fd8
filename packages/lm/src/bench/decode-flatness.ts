import * as tf from '@tensorflow/tfjs';
import { Rng } from '@hybridssm/core';
import { interleavedSpeedup } from '@hybridssm/harness';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig } from '../models/lm-config.js';
import { BENCH_VOCAB } from './bench-models.js';
import { randomBytes } from './ours-child.js';

export interface FlatnessShape {
  /** the generate benchmark's model: an LM preset and architecture at vocabulary 256 */
  preset: string;
  architecture: 'mamba2';
  /** context lengths read into the two caches before the timed steps */
  short: number;
  long: number;
  /** decode steps per timed call (one step takes a few ms: too short to time alone on a shared machine) */
  stepsPerCall: number;
}

/** The probe's shape: the generate benchmark's pure Mamba-2 model (base preset: 8 blocks, d_model 256); contexts 64 and 4096. */
export const FLATNESS_SHAPE: FlatnessShape = { preset: 'base', architecture: 'mamba2', short: 64, long: 4096, stepsPerCall: 8 };

/**
 * ms per decode step after `long` tokens over ms per step after `short` tokens, batch 1, calls of
 * `stepsPerCall` steps on the two caches interleaved (fastest of `rounds` calls each): about 1 for a recurrent model whose step cost does not
 * grow with the context (pure Mamba-2), larger where something in the step scales with it.
 */
export async function measureDecodeFlatness(shape: FlatnessShape, rounds: number): Promise<number> {
  const rng = new Rng(0);
  const model = new LanguageModel(lmConfig({ preset: shape.preset, architecture: shape.architecture, vocabSize: BENCH_VOCAB }), rng);
  const capacity = shape.long + (rounds + 1) * shape.stepsPerCall;
  const sides = [shape.long, shape.short].map((length) => {
    const cache = model.initCache(1, capacity);
    const context = randomBytes(rng, 1, length);
    const logits = model.prefill(context, cache);
    const token = tf.tidy(() => tf.argMax(logits, -1).cast('int32'));
    tf.dispose([context, logits]);
    return { cache, token };
  });
  const step = (side: (typeof sides)[number]) => () => {
    for (let i = 0; i < shape.stepsPerCall; i++) {
      const next = tf.tidy(() => tf.argMax(model.step(side.token, side.cache), -1).cast('int32'));
      next.dataSync();
      side.token.dispose();
      side.token = next;
    }
  };
  try {
    return await interleavedSpeedup(step(sides[0] as (typeof sides)[number]), step(sides[1] as (typeof sides)[number]), rounds);
  } finally {
    for (const side of sides) {
      side.cache.dispose();
      side.token.dispose();
    }
    model.dispose();
  }
}
