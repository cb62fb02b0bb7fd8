import type { ScaleFit } from '@hybridssm/forecast';

export interface FitFlags {
  epochs?: number;
  /** 0 = one pass over the training windows */
  stepsPerEpoch?: number;
  batchSize?: number;
  lr?: number;
}

function requireInteger(flag: string, value: number | undefined, min: number, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw new Error(`--${flag} must be a ${what} integer; got ${value}`);
}

/** The scale's training settings with the command line's overrides, each checked. */
export function fitWithOverrides(base: ScaleFit, flags: FitFlags): ScaleFit {
  requireInteger('epochs', flags.epochs, 1, 'positive');
  requireInteger('batch-size', flags.batchSize, 1, 'positive');
  requireInteger('steps-per-epoch', flags.stepsPerEpoch, 0, 'non-negative');
  if (flags.lr !== undefined && !(flags.lr > 0)) throw new Error(`--lr must be a positive number; got ${flags.lr}`);
  return {
    ...base,
    epochs: flags.epochs ?? base.epochs,
    stepsPerEpoch: flags.stepsPerEpoch === 0 ? undefined : (flags.stepsPerEpoch ?? base.stepsPerEpoch),
    batchSize: flags.batchSize ?? base.batchSize,
    learningRate: flags.lr ?? base.learningRate,
  };
}
