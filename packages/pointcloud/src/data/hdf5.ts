import h5wasm from 'h5wasm/node';
import type { Dataset, File as H5File } from 'h5wasm/node';
import { assertFiniteCoordinates } from './finite-coordinates.js';
import { checkHdf5File } from './hdf5-file-check.js';

/** The clouds and labels of one HDF5 file: `points` row-major [clouds, count, 3], one label per cloud. */
export interface H5Clouds {
  points: Float32Array;
  clouds: number;
  /** Points per cloud. */
  count: number;
  labels: Int32Array;
}

/**
 * Reads datasets `data` (float32 or float64 [clouds, points, 3]) and `label` (integers, [clouds] or
 * [clouds, 1]) from an HDF5 file, the layout shared by modelnet40_ply_hdf5_2048 and ScanObjectNN;
 * other datasets are ignored. Errors name the file.
 */
export async function readH5Clouds(path: string): Promise<H5Clouds> {
  const where = `hdf5: ${path}`;
  checkHdf5File(path, where);
  await h5wasm.ready;
  let file: H5File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (error) {
    throw new Error(`${where}: cannot open: ${messageOf(error)}`);
  }
  try {
    const data = datasetIn(file, 'data', where);
    const label = datasetIn(file, 'label', where);
    const [clouds, count, width, ...more] = data.shape ?? [];
    if (clouds === undefined || count === undefined || width !== 3 || more.length > 0) {
      throw new Error(`${where}: data has shape [${data.shape?.join(', ') ?? ''}], expected [clouds, points, 3]`);
    }
    const labelShape = label.shape ?? [];
    if (labelShape[0] !== clouds || labelShape.length > 2 || (labelShape[1] ?? 1) !== 1) {
      throw new Error(`${where}: label has shape [${labelShape.join(', ')}], expected [${clouds}] or [${clouds}, 1] for data's ${clouds} clouds`);
    }
    const points = floatValues(data.value, where);
    const labels = labelValues(label.value, where);
    for (let c = 0; c < clouds; c++) assertFiniteCoordinates(points.subarray(c * count * 3, (c + 1) * count * 3), `${where}: cloud ${c}`);
    return { points, clouds, count, labels };
  } finally {
    file.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function datasetIn(file: H5File, name: string, where: string): Dataset {
  const entity = file.get(name);
  if (!(entity instanceof h5wasm.Dataset)) throw new Error(`${where}: no dataset '${name}' (has ${file.keys().join(', ') || 'nothing'})`);
  return entity;
}

function floatValues(value: unknown, where: string): Float32Array {
  if (value instanceof Float32Array) return value;
  if (value instanceof Float64Array) return Float32Array.from(value);
  throw new Error(`${where}: data is not float32 or float64`);
}

function labelValues(value: unknown, where: string): Int32Array {
  const integers =
    value instanceof Uint8Array || value instanceof Int8Array || value instanceof Uint16Array || value instanceof Int16Array
    || value instanceof Uint32Array || value instanceof Int32Array || value instanceof BigInt64Array || value instanceof BigUint64Array;
  if (!integers) throw new Error(`${where}: label is not an integer dataset`);
  const labels = Int32Array.from(value as ArrayLike<number | bigint>, Number);
  const negative = labels.findIndex((label) => label < 0);
  if (negative >= 0) throw new Error(`${where}: label ${negative} is ${labels[negative]}, not a class id`);
  return labels;
}
