import {
  requireFiniteAtLeast,
  requireIntegerAtLeast,
  requirePositive,
} from './validate.js';

export interface WarmupCosineConfig {
  peakLearningRate: number;
  /** default 0 */
  minLearningRate?: number;
  warmupSteps: number;
  totalSteps: number;
}

/**
 * Linear warmup then cosine decay (Loshchilov & Hutter 2017, SGDR, without restarts).
 * `step` counts completed updates from 0: during warmup lr = peak·(step+1)/warmupSteps, then
 * lr = min + ½(peak − min)(1 + cos(π·progress)), progress = (step − warmup)/(total − warmup) clamped to [0, 1].
 */
export function warmupCosine(config: WarmupCosineConfig): (step: number) => number {
  const { peakLearningRate: peak, warmupSteps, totalSteps } = config;
  const min = config.minLearningRate ?? 0;
  requirePositive('peakLearningRate', peak);
  requireFiniteAtLeast('minLearningRate', min, 0);
  if (min > peak) {
    throw new RangeError(`minLearningRate (${min}) must not exceed peakLearningRate (${peak})`);
  }
  requireIntegerAtLeast('warmupSteps', warmupSteps, 0);
  requireIntegerAtLeast('totalSteps', totalSteps, 1);
  if (warmupSteps > totalSteps) {
    throw new RangeError(`warmupSteps (${warmupSteps}) must not exceed totalSteps (${totalSteps})`);
  }
  const decaySteps = totalSteps - warmupSteps;

  return (step: number): number => {
    requireFiniteAtLeast('step', step, 0);
    if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
    const progress = decaySteps === 0 ? 1 : Math.min((step - warmupSteps) / decaySteps, 1);
    return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
  };
}

/**
 * The 'type1' schedule of Informer / Autoformer / Time-Series-Library (`adjust_learning_rate`):
 * the learning rate halves every epoch, lr = initial · 0.5^(epoch − 1) for 1-based `epoch`.
 */
export function lradjType1(initialLearningRate: number): (epoch: number) => number {
  requirePositive('initialLearningRate', initialLearningRate);
  return (epoch: number): number => {
    requireIntegerAtLeast('epoch', epoch, 1);
    return initialLearningRate * 0.5 ** (epoch - 1);
  };
}
