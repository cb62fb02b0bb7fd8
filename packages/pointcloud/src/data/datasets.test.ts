import { fetchDataset } from '@hybridssm/harness';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POINTCLOUD_DATASETS, resolvePointcloudDataset } from './datasets.js';
import { loadModelNet10 } from './modelnet10.js';
import { writeZip } from '../test-support/zip-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'pointcloud-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRIANGLE_OFF = 'OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n';
const entry = (name: string) => POINTCLOUD_DATASETS.find((candidate) => candidate.name === name)!;
const quiet = () => undefined;

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

describe('fetching point-cloud datasets (downloads faked)', () => {
  it('unpacks the ModelNet10 zip into modelnet10/, without __MACOSX, into a folder loadModelNet10 reads', async () => {
    const dataDir = join(dir, 'fetch-modelnet10');
    const files = ['bed', 'chair'].flatMap((className) =>
      ['train', 'test'].map((split) => ({ name: `ModelNet10/${className}/${split}/${className}_0001.off`, contents: TRIANGLE_OFF })),
    );
    const zip = writeZip([...files, { name: '__MACOSX/ModelNet10/bed/train/._bed_0001.off', contents: 'resource fork' }]);
    const urls: string[] = [];
    const fetched = await fetchDataset(entry('modelnet10'), dataDir, quiet, async (url) => (urls.push(url), zip));
    expect(fetched).toEqual({ path: join(dataDir, 'modelnet10'), status: 'downloaded' });
    expect(urls).toEqual(['http://3dvision.princeton.edu/projects/2014/3DShapeNets/ModelNet10.zip']);
    expect(readdirSync(dataDir)).toEqual(['modelnet10']);
    const splits = loadModelNet10(fetched.path, { meshPoints: 8 });
    expect(splits.classes).toEqual(['bed', 'chair']);
    expect(splits.train.map((cloud) => cloud.name)).toEqual(['bed/train/bed_0001.off', 'chair/train/chair_0001.off']);
  });

  it('unpacks modelnet40_ply_hdf5_2048/ of its zip', async () => {
    const dataDir = join(dir, 'fetch-modelnet40');
    const zip = writeZip([{ name: 'modelnet40_ply_hdf5_2048/shape_names.txt', contents: 'airplane\n' }]);
    await fetchDataset(entry('modelnet40_ply_hdf5_2048'), dataDir, quiet, async () => zip);
    expect(readdirSync(join(dataDir, 'modelnet40_ply_hdf5_2048'))).toEqual(['shape_names.txt']);
  });

  it('names the url and the entry of a corrupt download, and writes nothing', async () => {
    const dataDir = join(dir, 'fetch-corrupt');
    const zip = writeZip([{ name: 'ModelNet10/bed/train/bed_0001.off', contents: TRIANGLE_OFF }]);
    await expect(fetchDataset(entry('modelnet10'), dataDir, quiet, async () => zip.subarray(0, 40))).rejects.toThrow(
      'http://3dvision.princeton.edu/projects/2014/3DShapeNets/ModelNet10.zip: no end-of-central-directory record: not a zip archive, or a truncated one',
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('prints the ScanObjectNN instructions, and keeps a folder unzipped there by hand', async () => {
    const dataDir = join(dir, 'fetch-scanobjectnn');
    await expect(fetchDataset(entry('scanobjectnn'), dataDir, quiet)).rejects.toThrow(
      /^scanobjectnn has no direct download: ScanObjectNN has no public download: agree to the terms on https:\/\/hkust-vgd\.github\.io\/scanobjectnn\//,
    );
    expect(existsSync(dataDir)).toBe(false);
    mkdirSync(join(dataDir, 'scanobjectnn', 'h5_files', 'main_split'), { recursive: true });
    expect((await fetchDataset(entry('scanobjectnn'), dataDir, quiet)).status).toBe('present');
  });
});
