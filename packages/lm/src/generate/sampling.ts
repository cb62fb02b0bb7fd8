import { ArgumentError } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';

/** How the next token is chosen from the logits. */
export interface SamplingOptions {
  /** 0 = greedy (argmax); default 1 */
  temperature?: number;
  /** keep only the k most likely tokens */
  topK?: number;
  /** keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling, Holtzman et al. 2020) */
  topP?: number;
}

/** Checks sampling options (as given on a command line), naming the flag and the accepted range. */
export function checkSampling(options: SamplingOptions): Required<Pick<SamplingOptions, 'temperature'>> & SamplingOptions {
  const temperature = options.temperature ?? 1;
  if (!(Number.isFinite(temperature) && temperature >= 0)) throw new ArgumentError(`temperature must be a number ≥ 0 (0 = greedy); got ${options.temperature}`);
  if (options.topK !== undefined && !(Number.isInteger(options.topK) && options.topK >= 1)) throw new ArgumentError(`top-k must be a positive integer; got ${options.topK}`);
  if (options.topP !== undefined && !(options.topP > 0 && options.topP <= 1)) throw new ArgumentError(`top-p must be in (0, 1]; got ${options.topP}`);
  return { ...options, temperature };
}

function argMax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if ((logits[i] as number) > (logits[best] as number)) best = i;
  return best;
}

/**
 * The next token from one row of logits: greedy at temperature 0, else softmax(logits / T) restricted
 * to the top k and then to the top-p nucleus, renormalised, sampled with `rng`.
 */
export function sampleToken(logits: ArrayLike<number>, options: SamplingOptions, rng: Rng): number {
  const { temperature, topK, topP } = checkSampling(options);
  if (temperature === 0) return argMax(logits);
  const order = Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => (logits[b] as number) - (logits[a] as number));
  const kept = order.slice(0, topK ?? order.length);
  const top = logits[kept[0] as number] as number;
  const weights = kept.map((i) => Math.exp(((logits[i] as number) - top) / temperature));
  let total = weights.reduce((sum, w) => sum + w, 0);
  let count = kept.length;
  if (topP !== undefined) {
    let mass = 0;
    count = 0;
    while (count < kept.length && mass < topP * total) mass += weights[count++] as number;
    total = mass;
  }
  let u = rng.uniform() * total;
  for (let i = 0; i < count; i++) {
    u -= weights[i] as number;
    if (u <= 0) return kept[i] as number;
  }
  return kept[count - 1] as number;
}
