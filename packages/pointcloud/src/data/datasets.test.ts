import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POINTCLOUD_DATASETS, resolvePointcloudDataset } from './datasets.js';

const dir = mkdtempSync(join(tmpdir(), 'pointcloud-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('point-cloud dataset catalogue', () => {
  it('lists ModelNet10, ModelNet40 (HDF5) and ScanObjectNN with their class counts', () => {
    expect(POINTCLOUD_DATASETS.map((entry) => [entry.name, entry.classes, entry.rows])).toEqual([
      ['modelnet10', 10, 4899],
      ['modelnet40_ply_hdf5_2048', 40, 12308],
      ['scanobjectnn', 15, undefined],
    ]);
  });

  it('gives a url or manual instructions for every dataset, never neither', () => {
    for (const entry of POINTCLOUD_DATASETS) expect(entry.url !== '' || entry.manualDownload !== undefined).toBe(true);
    expect(POINTCLOUD_DATASETS.find((entry) => entry.name === 'scanobjectnn')?.manualDownload).toContain('hkust-vgd.github.io/scanobjectnn');
  });

  it('resolves a name or alias to the folder under the data directory, and says how to fetch a missing one', () => {
    mkdirSync(join(dir, 'modelnet10'));
    expect(resolvePointcloudDataset('MN10', dir).path).toBe(join(dir, 'modelnet10'));
    expect(() => resolvePointcloudDataset('modelnet40', dir)).toThrow(
      `dataset modelnet40_ply_hdf5_2048 not found at ${join(dir, 'modelnet40_ply_hdf5_2048')}; run \`pnpm hybridssm pointcloud fetch modelnet40_ply_hdf5_2048\` or pass --data-dir`,
    );
  });
});
