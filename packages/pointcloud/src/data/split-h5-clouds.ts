import type { H5Clouds } from './hdf5.js';
import type { LabeledCloud } from './point-cloud.js';

/**
 * The clouds of one HDF5 file as LabeledClouds named `<file>:<index>` (views into the file's array),
 * checking each label against the number of classes.
 */
export function splitH5Clouds(h5: H5Clouds, file: string, classCount: number): LabeledCloud[] {
  const size = h5.count * 3;
  return Array.from({ length: h5.clouds }, (_, i) => {
    const label = h5.labels[i]!;
    if (label >= classCount) throw new Error(`hdf5: ${file}: cloud ${i} has label ${label}, there are ${classCount} classes`);
    return { points: h5.points.subarray(i * size, (i + 1) * size), count: h5.count, label, name: `${file}:${i}` };
  });
}
