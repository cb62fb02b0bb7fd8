import type { ScaleFit } from '@hybridssm/forecast';

export interface FitFlags {
  epochs?: number;
  /** 0 = one pass over the training windows */
  stepsPerEpoch?: number;
  batchSize?: number;
  lr?: number;
}

/** A command-line integer flag, when given, is at least `min` (`what` names the bound: positive, non-negative). */
export function requireIntegerFlag(flag: string, value: number | undefined, min: number, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw new Error(`--${flag} must be a ${what} integer; got ${value}`);
}

/** The scale's training settings with the command line's overrides, each checked. */
export function fitWithOverrides(base: ScaleFit, flags: FitFlags): ScaleFit {
  requireIntegerFlag('epochs', flags.epochs, 1, 'positive');
  requireIntegerFlag('batch-size', flags.batchSize, 1, 'positive');
  requireIntegerFlag('steps-per-epoch', flags.stepsPerEpoch, 0, 'non-negative');
  if (flags.lr !== undefined && !(flags.lr > 0)) throw new Error(`--lr must be a positive number; got ${flags.lr}`);
  return {
    ...base,
    epochs: flags.epochs ?? base.epochs,
    stepsPerEpoch: flags.stepsPerEpoch === 0 ? undefined : (flags.stepsPerEpoch ?? base.stepsPerEpoch),
    batchSize: flags.batchSize ?? base.batchSize,
    learningRate: flags.lr ?? base.learningRate,
  };
}
