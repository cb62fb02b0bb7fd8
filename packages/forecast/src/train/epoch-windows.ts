import { Rng } from '@hybridssm/core';

// Which windows one epoch of the official loop visits, as its DataLoaders pick them
// (XiongxiaoXu/Mambaformer-in-Time-Series data_provider/data_factory.py): train and val use
// shuffle=True, drop_last=True, batch_size=args.batch_size; test uses shuffle=False, drop_last=False.

/** Updates per epoch: drop_last gives floor(windows / batch) full batches, optionally capped (reduced scales). */
export function updatesPerEpoch(windows: number, batchSize: number, cap = Infinity): number {
  const full = Math.floor(windows / batchSize);
  if (full === 0) throw new Error(`the training split has ${windows} windows, fewer than one batch of ${batchSize}`);
  return Math.min(cap, full);
}

/** The shuffles of one epoch from one seeded generator: the training windows' order, then the validation windows'. */
export function epochShuffles(seed: number, epoch: number, trainWindows: number, valWindows: number): { train: number[]; val: number[] } {
  const rng = new Rng(seed * 1_000_003 + epoch);
  const train = rng.permutation(trainWindows);
  return { train, val: rng.permutation(valWindows) };
}

/** The windows of update `update` of an epoch: the next full batch of the epoch's order, never wrapping round. */
export function trainingBatch(order: readonly number[], update: number, batchSize: number): number[] {
  if (!(Number.isInteger(update) && update >= 0 && (update + 1) * batchSize <= order.length)) {
    throw new Error(`update ${update} of an epoch has no full batch of ${batchSize} among ${order.length} windows`);
  }
  return order.slice(update * batchSize, (update + 1) * batchSize);
}

/**
 * The validation windows of an epoch: the full batches of its shuffled order (drop_last drops the rest,
 * a different remainder each epoch), optionally capped (reduced scales). Fewer windows than a batch
 * give none: the official `vali` then averages no batches, a NaN loss.
 */
export function validationWindows(order: readonly number[], batchSize: number, cap = Infinity): number[] {
  const full = Math.floor(order.length / batchSize) * batchSize;
  return order.slice(0, Math.min(cap, full));
}
