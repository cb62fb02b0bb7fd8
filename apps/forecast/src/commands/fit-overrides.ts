import type { ScaleFit } from '@hybridssm/forecast';
import { integerAtLeast } from '@hybridssm/harness';

export interface FitFlags {
  epochs?: number;
  /** 0 = every full batch of one pass over the training windows (drop_last) */
  stepsPerEpoch?: number;
  batchSize?: number;
  microBatchSize?: number;
  lr?: number;
}

/** The scale's training settings with the command line's overrides, each checked. */
export function fitWithOverrides(base: ScaleFit, flags: FitFlags): ScaleFit {
  integerAtLeast('epochs', flags.epochs, 1);
  integerAtLeast('batch-size', flags.batchSize, 1);
  integerAtLeast('steps-per-epoch', flags.stepsPerEpoch, 0);
  integerAtLeast('micro-batch-size', flags.microBatchSize, 1);
  const batchSize = flags.batchSize ?? base.batchSize;
  if (flags.microBatchSize !== undefined && batchSize % flags.microBatchSize !== 0) {
    throw new Error(`--micro-batch-size must divide the batch size ${batchSize}; got ${flags.microBatchSize}`);
  }
  if (flags.lr !== undefined && !(flags.lr > 0)) throw new Error(`--lr must be a positive number; got ${flags.lr}`);
  // the scale's micro-batch (paper: 16) where it divides the batch, else whole batches
  const microBatchSize = flags.microBatchSize ?? (base.microBatchSize !== undefined && batchSize % base.microBatchSize === 0 ? base.microBatchSize : undefined);
  return {
    ...base,
    epochs: flags.epochs ?? base.epochs,
    stepsPerEpoch: flags.stepsPerEpoch === 0 ? undefined : (flags.stepsPerEpoch ?? base.stepsPerEpoch),
    batchSize,
    microBatchSize,
    learningRate: flags.lr ?? base.learningRate,
  };
}
