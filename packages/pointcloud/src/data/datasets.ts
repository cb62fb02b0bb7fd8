import { resolveDatasetFile } from '@hybridssm/harness';
import type { DatasetEntry } from '@hybridssm/harness';
import { POINTCLOUD_FETCH_COMMAND } from './dataset-folder.js';
import { extractZipFolder } from './unzip.js';

/**
 * A point-cloud benchmark: harness's catalogue fields (`file` is a folder here) plus what its loader
 * and a fetcher need to know.
 */
export interface PointcloudDatasetEntry extends DatasetEntry {
  classes: number;
  /** The folder inside the downloaded zip whose contents belong at `file`, e.g. ModelNet10/ → modelnet10/. */
  archiveFolder?: string;
}

/** The fields of an entry whose download is a zip with `archiveFolder` in it: fetch unpacks that folder to `file`. */
function zipFolder(archiveFolder: string): Pick<PointcloudDatasetEntry, 'archiveFolder' | 'unpack'> {
  return { archiveFolder, unpack: (downloaded, targetDir) => extractZipFolder(downloaded, archiveFolder, targetDir) };
}

/** The dataset as a loader needs it: the entry plus its folder's absolute path. */
export interface ResolvedPointcloudDataset extends PointcloudDatasetEntry {
  path: string;
}

/** The point-cloud classification datasets: load them with loadModelNet10, loadModelNet40H5 and loadScanObjectNN. */
export const POINTCLOUD_DATASETS: readonly PointcloudDatasetEntry[] = [
  {
    name: 'modelnet10',
    aliases: ['mn10'],
    file: 'modelnet10',
    classes: 10,
    rows: 3991 + 908,
    url: 'http://3dvision.princeton.edu/projects/2014/3DShapeNets/ModelNet10.zip',
    ...zipFolder('ModelNet10'),
    source: 'https://modelnet.cs.princeton.edu/',
    licence: 'Princeton ModelNet, academic research use only',
    description:
      'ModelNet10, 3,991 train / 908 test shapes in <class>/{train,test}/. The download is Princeton\'s zip of OFF meshes '
      + '(<class>_NNNN.off), which loadModelNet10 surface-samples to 1,024 points (area-weighted, seeded); the copy in '
      + 'shared/datasets is pre-sampled 1,024-point binary PCD (<class>_NNNN.pcd, raw coordinates, not normalised). '
      + 'The loader reads either layout.',
  },
  {
    name: 'modelnet40_ply_hdf5_2048',
    aliases: ['modelnet40'],
    file: 'modelnet40_ply_hdf5_2048',
    classes: 40,
    rows: 9840 + 2468,
    url: 'https://shapenet.cs.stanford.edu/media/modelnet40_ply_hdf5_2048.zip',
    ...zipFolder('modelnet40_ply_hdf5_2048'),
    source: 'https://github.com/charlesq34/pointnet',
    licence: 'Princeton ModelNet, academic research use only (sampled by the PointNet authors)',
    description:
      'ModelNet40 as PointNet samples it: 2,048 points a shape in ply_data_{train,test}<k>.h5 (data [N, 2048, 3], label [N, 1]) '
      + 'with shape_names.txt; 9,840 train / 2,468 test. The Stanford server is often offline; any copy of the zip works.',
  },
  {
    name: 'scanobjectnn',
    aliases: [],
    file: 'scanobjectnn/h5_files',
    classes: 15,
    url: '',
    // No url, so fetch prints manualDownload; unpack makes it a folder entry, so fetch keeps a folder put there by hand.
    ...zipFolder('h5_files'),
    source: 'https://hkust-vgd.github.io/scanobjectnn/',
    licence: 'ScanObjectNN terms of use, research only; the authors send the download link on request',
    manualDownload:
      'ScanObjectNN has no public download: agree to the terms on https://hkust-vgd.github.io/scanobjectnn/, download '
      + 'h5_files.zip from the link the authors send, and unzip it so that <data-dir>/scanobjectnn/h5_files/main_split/ exists.',
    description:
      'Real scanned objects, 15 classes, h5_files/main_split{,_nobg}/{training,test}_objectdataset*.h5 (data [N, 2048, 3], '
      + 'label [N]): OBJ_BG and OBJ_ONLY 2,309 train / 581 test, PB_T50_RS (_augmentedrot_scale75) 11,416 / 2,882.',
  },
];

/** Finds a point-cloud dataset by name or alias (any case) and checks that its folder is under `dataDir`. */
export function resolvePointcloudDataset(name: string, dataDir: string): ResolvedPointcloudDataset {
  return resolveDatasetFile(POINTCLOUD_DATASETS, name, dataDir, POINTCLOUD_FETCH_COMMAND);
}
