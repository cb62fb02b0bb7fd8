import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireDatasetPath } from './dataset-folder.js';
import { readH5Clouds } from './hdf5.js';
import type { ClassificationSplits, LabeledCloud } from './point-cloud.js';
import { splitH5Clouds } from './split-h5-clouds.js';

const DATASET = 'modelnet40_ply_hdf5_2048';

/**
 * Loads the `modelnet40_ply_hdf5_2048` folder: `shape_names.txt` (one class a line, line = label) and
 * `ply_data_train<k>.h5` / `ply_data_test<k>.h5` in order of k, each with `data` [N, 2048, 3] and `label` [N, 1].
 * Cloud names are `<file>:<index>`.
 */
export async function loadModelNet40H5(dir: string): Promise<ClassificationSplits> {
  requireDatasetPath(dir, DATASET);
  const namesPath = join(dir, 'shape_names.txt');
  requireDatasetPath(namesPath, DATASET);
  const classes = readFileSync(namesPath, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const files = readdirSync(dir);
  const load = async (split: 'train' | 'test'): Promise<LabeledCloud[]> => {
    const pattern = new RegExp(`^ply_data_${split}(\\d+)\\.h5$`);
    const numbered = files.flatMap((file) => {
      const match = pattern.exec(file);
      return match ? [{ file, k: Number(match[1]) }] : [];
    });
    if (numbered.length === 0) throw new Error(`${DATASET}: no ply_data_${split}<k>.h5 files in ${dir}`);
    numbered.sort((a, b) => a.k - b.k);
    const clouds: LabeledCloud[] = [];
    for (const { file } of numbered) clouds.push(...splitH5Clouds(await readH5Clouds(join(dir, file)), file, classes.length));
    return clouds;
  };
  return { classes, train: await load('train'), test: await load('test') };
}
