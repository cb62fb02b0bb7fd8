import * as tf from '@tensorflow/tfjs';
import type { TextToImageModel } from '../train/text-to-image-model.js';
import { digitPrompts } from './bench-models.js';

/** The guidance scale of the benchmark's sampling (any scale other than 1 doubles the batch the backbone sees). */
export const BENCH_GUIDANCE = 3;

/**
 * One evaluation of the guided denoiser on a batch — the sampler's unit of work: one call of the
 * backbone on the doubled batch (with and without the caption), combined by classifier-free guidance.
 */
export interface GuidedEvaluation {
  /** the guided prediction (the caller disposes it) */
  predict(): tf.Tensor;
  /** runs the evaluation and waits for its result (read back, so asynchronous backends finish too) */
  run(): Promise<void>;
  dispose(): void;
}

/** A guided evaluation of `model` on `batch` images of `side`² pixels: prompts encoded and x_t drawn once, outside the timing. */
export function guidedEvaluation(model: TextToImageModel, batch: number, side: number, seed: number): GuidedEvaluation {
  const { channels } = model.config.backbone;
  const conditioned = model.denoiserFor(digitPrompts(batch), BENCH_GUIDANCE);
  const xt = tf.randomNormal([batch, side, side, channels], 0, 1, 'float32', seed);
  // the first step of a DDIM run; the cost of an evaluation does not depend on t
  const timesteps = Array.from({ length: batch }, () => model.schedule.steps - 1);
  const predict = () => conditioned.denoise(xt, timesteps);
  return {
    predict,
    async run() {
      const prediction = predict();
      try {
        await prediction.data();
      } finally {
        prediction.dispose();
      }
    },
    dispose() {
      xt.dispose();
      conditioned.dispose();
    },
  };
}

/**
 * Wall times (ms) of `repeats` calls of each of `calls`, interleaved call by call so that a change in
 * the machine's load hits all alike, after one untimed warm-up call of each (kernels compiled, memory
 * grown). Returns the times call by call.
 */
export async function interleavedTimes(calls: ReadonlyArray<() => Promise<void>>, repeats: number): Promise<number[][]> {
  for (const call of calls) await call();
  const times = calls.map((): number[] => []);
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [i, call] of calls.entries()) {
      const started = performance.now();
      await call();
      times[i]?.push(performance.now() - started);
    }
  }
  return times;
}

/** The median (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
