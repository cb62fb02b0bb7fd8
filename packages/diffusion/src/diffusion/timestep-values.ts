import * as tf from '@tensorflow/tfjs';
import { argumentFailure } from './check-args.js';
import type { NoiseSchedule } from './schedules.js';

/** Checks that `t` holds one integer timestep in [0, T) per sample of a batch of `batch`. */
export function checkTimesteps(op: string, schedule: NoiseSchedule, t: readonly number[], batch: number): void {
  if (t.length !== batch) argumentFailure(op, 't', `one timestep per sample (${batch})`, `${t.length}`);
  const bad = t.find((step) => !Number.isInteger(step) || step < 0 || step >= schedule.steps);
  if (bad !== undefined) argumentFailure(op, 't', `integers in [0, ${schedule.steps - 1}]`, String(bad));
}

/**
 * `values[t_i]` for each sample i, as a float32 tensor [b, 1, …, 1] of rank `rank`, which broadcasts
 * over a batch of that rank.
 */
export function valuesAt(values: Float64Array, t: readonly number[], rank: number): tf.Tensor {
  const shape = [t.length, ...Array.from({ length: rank - 1 }, () => 1)];
  return tf.tensor(Float32Array.from(t, (step) => values[step] as number), shape, 'float32');
}
