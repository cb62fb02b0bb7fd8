import { join } from 'node:path';
import { requireDatasetPath } from './dataset-folder.js';
import { readH5Clouds } from './hdf5.js';
import type { ClassificationSplits } from './point-cloud.js';
import { splitH5Clouds } from './split-h5-clouds.js';

/** ScanObjectNN's class names, index = label id in its h5 files. */
export const SCANOBJECTNN_CLASSES: readonly string[] = [
  'bag', 'bin', 'box', 'cabinet', 'chair', 'desk', 'display', 'door', 'shelf', 'table', 'bed', 'pillow', 'sink', 'sofa', 'toilet',
];

/** The three ScanObjectNN variants papers report: objects with background, without, and the perturbed PB_T50_RS. */
export type ScanObjectNNVariant = 'OBJ_BG' | 'OBJ_ONLY' | 'PB_T50_RS';

// Folder under h5_files and the suffix of its training_objectdataset*.h5 / test_objectdataset*.h5.
const VARIANT_FILES: Readonly<Record<ScanObjectNNVariant, { folder: string; suffix: string }>> = {
  OBJ_BG: { folder: 'main_split', suffix: '' },
  OBJ_ONLY: { folder: 'main_split_nobg', suffix: '' },
  PB_T50_RS: { folder: 'main_split', suffix: '_augmentedrot_scale75' },
};

/**
 * Loads a ScanObjectNN variant from the authors' `h5_files` folder (`main_split/training_objectdataset.h5`
 * and so on, each with `data` [N, 2048, 3] and `label` [N]). Cloud names are `<file>:<index>`.
 */
export async function loadScanObjectNN(h5FilesDir: string, variant: ScanObjectNNVariant): Promise<ClassificationSplits> {
  const { folder, suffix } = VARIANT_FILES[variant];
  const load = async (prefix: 'training' | 'test') => {
    const file = `${folder}/${prefix}_objectdataset${suffix}.h5`;
    const path = join(h5FilesDir, file);
    requireDatasetPath(path, 'scanobjectnn');
    return splitH5Clouds(await readH5Clouds(path), file, SCANOBJECTNN_CLASSES.length);
  };
  return { classes: [...SCANOBJECTNN_CLASSES], train: await load('training'), test: await load('test') };
}
