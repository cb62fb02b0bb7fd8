import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readH5Clouds } from './hdf5.js';
import { loadModelNet40H5 } from './modelnet40-h5.js';
import { SCANOBJECTNN_CLASSES, loadScanObjectNN } from './scanobjectnn.js';

const dir = mkdtempSync(join(tmpdir(), 'hdf5-'));
beforeAll(async () => {
  await h5wasm.ready;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Clouds whose coordinates encode (cloud, point, axis), so a mix-up shows. */
function coordinates(clouds: number, count: number, first = 0): Float32Array {
  return Float32Array.from({ length: clouds * count * 3 }, (_, i) => first + i / 8);
}

interface H5Spec {
  data: Float32Array | Float64Array;
  shape: number[];
  labels: Uint8Array | BigInt64Array;
  labelShape: number[];
}

/** Writes an HDF5 file with datasets `data` and `label`, as h5py would for these layouts. */
function writeH5(path: string, spec: H5Spec): void {
  const file = new h5wasm.File(path, 'w');
  file.create_dataset({ name: 'data', data: spec.data, shape: spec.shape, dtype: spec.data instanceof Float32Array ? '<f' : '<d' });
  file.create_dataset({ name: 'label', data: spec.labels, shape: spec.labelShape, dtype: spec.labels instanceof Uint8Array ? 'B' : '<q' });
  file.close();
}

describe('readH5Clouds', () => {
  it('reads back float32 data with uint8 [N, 1] labels (modelnet40_ply_hdf5_2048)', async () => {
    const path = join(dir, 'modelnet.h5');
    const points = coordinates(3, 4);
    writeH5(path, { data: points, shape: [3, 4, 3], labels: Uint8Array.from([2, 0, 1]), labelShape: [3, 1] });
    expect(await readH5Clouds(path)).toEqual({ points, clouds: 3, count: 4, labels: Int32Array.from([2, 0, 1]) });
  });

  it('reads back float64 data with int64 [N] labels', async () => {
    const path = join(dir, 'wide.h5');
    writeH5(path, { data: Float64Array.from(coordinates(2, 2)), shape: [2, 2, 3], labels: BigInt64Array.from([14n, 3n]), labelShape: [2] });
    const read = await readH5Clouds(path);
    expect(read.points).toEqual(coordinates(2, 2));
    expect(read.labels).toEqual(Int32Array.from([14, 3]));
  });

  it('names the file when it is missing, not HDF5, truncated, or lacks a dataset', async () => {
    const good = join(dir, 'good.h5');
    writeH5(good, { data: coordinates(2, 64), shape: [2, 64, 3], labels: Uint8Array.from([0, 1]), labelShape: [2, 1] });
    const bytes = readFileSync(good);
    const truncated = join(dir, 'truncated.h5');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const text = join(dir, 'text.h5');
    writeFileSync(text, 'not an hdf5 file');
    const noLabel = join(dir, 'no-label.h5');
    const file = new h5wasm.File(noLabel, 'w');
    file.create_dataset({ name: 'data', data: coordinates(1, 2), shape: [1, 2, 3], dtype: '<f' });
    file.close();

    await expect(readH5Clouds(join(dir, 'absent.h5'))).rejects.toThrow(`hdf5: ${join(dir, 'absent.h5')}: file not found`);
    await expect(readH5Clouds(text)).rejects.toThrow(`hdf5: ${text}: not an HDF5 file (no HDF5 signature, 16 bytes)`);
    await expect(readH5Clouds(truncated)).rejects.toThrow(`hdf5: ${truncated}: truncated: superblock says ${bytes.length} bytes, ${bytes.length - 100} on disk`);
    await expect(readH5Clouds(noLabel)).rejects.toThrow(`hdf5: ${noLabel}: no dataset 'label' (has data)`);
  });

  it('rejects a wrong data shape and a NaN coordinate, naming the cloud and point', async () => {
    const flat = join(dir, 'flat.h5');
    writeH5(flat, { data: coordinates(1, 4), shape: [1, 6, 2], labels: Uint8Array.from([0]), labelShape: [1, 1] });
    await expect(readH5Clouds(flat)).rejects.toThrow(`hdf5: ${flat}: data has shape [1, 6, 2], expected [clouds, points, 3]`);
    const nan = join(dir, 'nan.h5');
    const points = coordinates(2, 3);
    points[3 * 3 + 2 * 3 + 1] = Number.NaN;
    writeH5(nan, { data: points, shape: [2, 3, 3], labels: Uint8Array.from([0, 0]), labelShape: [2, 1] });
    await expect(readH5Clouds(nan)).rejects.toThrow(`hdf5: ${nan}: cloud 1: point 2: y is NaN`);
  });
});

describe('loadModelNet40H5', () => {
  it('reads shape_names.txt and the numbered train and test files in order', async () => {
    const root = join(dir, 'modelnet40_ply_hdf5_2048');
    mkdirSync(root);
    writeFileSync(join(root, 'shape_names.txt'), 'airplane\nbathtub\nbed\n');
    // ply_data_train10 sorts after train2 by number, not by name.
    for (const [file, first, labels] of [['ply_data_train10.h5', 200, [2]], ['ply_data_train2.h5', 100, [0, 1]], ['ply_data_test0.h5', 300, [1]]] as const) {
      writeH5(join(root, file), { data: coordinates(labels.length, 4, first), shape: [labels.length, 4, 3], labels: Uint8Array.from(labels), labelShape: [labels.length, 1] });
    }
    const splits = await loadModelNet40H5(root);
    expect(splits.classes).toEqual(['airplane', 'bathtub', 'bed']);
    expect(splits.train.map((cloud) => [cloud.name, cloud.label, cloud.count, cloud.points[0]])).toEqual([
      ['ply_data_train2.h5:0', 0, 4, 100],
      ['ply_data_train2.h5:1', 1, 4, 100 + 12 / 8],
      ['ply_data_train10.h5:0', 2, 4, 200],
    ]);
    expect(splits.test.map((cloud) => cloud.name)).toEqual(['ply_data_test0.h5:0']);
    expect(splits.test[0]!.points).toEqual(coordinates(1, 4, 300));
  });

  it('says how to fetch a missing folder and rejects a label beyond the class list', async () => {
    const absent = join(dir, 'nowhere');
    await expect(loadModelNet40H5(absent)).rejects.toThrow(
      `modelnet40_ply_hdf5_2048: ${absent} not found; run \`pnpm hybridssm pointcloud fetch modelnet40_ply_hdf5_2048\` or pass --data-dir`,
    );
    const root = join(dir, 'few-classes');
    mkdirSync(root);
    writeFileSync(join(root, 'shape_names.txt'), 'airplane\n');
    writeH5(join(root, 'ply_data_train0.h5'), { data: coordinates(2, 2), shape: [2, 2, 3], labels: Uint8Array.from([0, 5]), labelShape: [2, 1] });
    await expect(loadModelNet40H5(root)).rejects.toThrow('hdf5: ply_data_train0.h5: cloud 1 has label 5, there are 1 classes');
  });
});

describe('loadScanObjectNN', () => {
  it('reads the PB_T50_RS files from main_split with [N] labels', async () => {
    const root = join(dir, 'h5_files');
    mkdirSync(join(root, 'main_split'), { recursive: true });
    const split = (prefix: string, labels: bigint[]) =>
      writeH5(join(root, 'main_split', `${prefix}_objectdataset_augmentedrot_scale75.h5`), {
        data: coordinates(labels.length, 5),
        shape: [labels.length, 5, 3],
        labels: BigInt64Array.from(labels),
        labelShape: [labels.length],
      });
    split('training', [14n, 0n]);
    split('test', [7n]);
    const splits = await loadScanObjectNN(root, 'PB_T50_RS');
    expect(splits.classes).toEqual(SCANOBJECTNN_CLASSES);
    expect(splits.train.map((cloud) => [cloud.name, splits.classes[cloud.label]])).toEqual([
      ['main_split/training_objectdataset_augmentedrot_scale75.h5:0', 'toilet'],
      ['main_split/training_objectdataset_augmentedrot_scale75.h5:1', 'bag'],
    ]);
    expect(splits.test.map((cloud) => splits.classes[cloud.label])).toEqual(['door']);
  });

  it('names the missing variant file and the fetch command', async () => {
    const root = join(dir, 'h5_files');
    await expect(loadScanObjectNN(root, 'OBJ_ONLY')).rejects.toThrow(
      `scanobjectnn: ${join(root, 'main_split_nobg', 'training_objectdataset.h5')} not found; run \`pnpm hybridssm pointcloud fetch scanobjectnn\``,
    );
  });
});
