import { loadModelNet10, loadModelNet40H5, loadScanObjectNN, resolvePointcloudDataset, syntheticShapes } from '@hybridssm/pointcloud';
import type { ClassificationSplits, SavedPointData, ScanObjectNNVariant } from '@hybridssm/pointcloud';

/** The data `train --data` reads: generated shapes, or a dataset from the domain's catalogue. */
export const DATA_NAMES = ['synthetic', 'modelnet10', 'modelnet40', 'scanobjectnn'] as const;
export type DataName = (typeof DATA_NAMES)[number];
export const SCANOBJECTNN_VARIANTS: readonly ScanObjectNNVariant[] = ['OBJ_BG', 'OBJ_ONLY', 'PB_T50_RS'];

/** The generated set's noise (as the tables' synthetic column) and the seeds of its two splits. */
const SYNTHETIC_NOISE = 0.01;
const SYNTHETIC_SEEDS = { train: 1, test: 2 };

export interface DataChoice {
  data: DataName;
  /** points per cloud the model samples: the generated shapes get this many, OFF meshes at least this many */
  npoints: number;
  perClass: number;
  testPerClass: number;
  variant: ScanObjectNNVariant;
}

/** What a saved model records about its data: enough for `eval` to load the same test split again. */
export function savedData(choice: DataChoice): SavedPointData {
  switch (choice.data) {
    case 'synthetic':
      return { dataset: 'synthetic', perClass: choice.perClass, testPerClass: choice.testPerClass, points: choice.npoints, noise: SYNTHETIC_NOISE, trainSeed: SYNTHETIC_SEEDS.train, testSeed: SYNTHETIC_SEEDS.test };
    case 'modelnet10':
      return { dataset: 'modelnet10', meshPoints: Math.max(1024, choice.npoints) };
    case 'modelnet40':
      return { dataset: 'modelnet40' };
    case 'scanobjectnn':
      return { dataset: 'scanobjectnn', variant: choice.variant };
  }
}

const numberField = (data: SavedPointData, key: string): number => {
  const value = data[key];
  if (typeof value !== 'number') throw new Error(`checkpoint: the saved data ${JSON.stringify(data)} has no number '${key}'`);
  return value;
};

/** The train and test splits `data` describes; datasets are found under `dataDir` (a missing one names the fetch command). */
export async function loadSplits(data: SavedPointData, dataDir: string): Promise<ClassificationSplits> {
  switch (data.dataset) {
    case 'synthetic': {
      const options = { points: numberField(data, 'points'), noise: numberField(data, 'noise') };
      const train = syntheticShapes({ ...options, perClass: numberField(data, 'perClass'), seed: numberField(data, 'trainSeed') });
      const test = syntheticShapes({ ...options, perClass: numberField(data, 'testPerClass'), seed: numberField(data, 'testSeed') });
      return { classes: train.classes, train: train.clouds, test: test.clouds };
    }
    case 'modelnet10':
      return loadModelNet10(resolvePointcloudDataset('modelnet10', dataDir).path, { meshPoints: numberField(data, 'meshPoints') });
    case 'modelnet40':
      return loadModelNet40H5(resolvePointcloudDataset('modelnet40', dataDir).path);
    case 'scanobjectnn': {
      const variant = data.variant as ScanObjectNNVariant;
      if (!SCANOBJECTNN_VARIANTS.includes(variant)) throw new Error(`checkpoint: unknown ScanObjectNN variant ${JSON.stringify(data.variant)}; expected one of ${SCANOBJECTNN_VARIANTS.join(', ')}`);
      return loadScanObjectNN(resolvePointcloudDataset('scanobjectnn', dataDir).path, variant);
    }
    default:
      throw new Error(`checkpoint: unknown dataset ${JSON.stringify(data.dataset)}; expected one of ${DATA_NAMES.join(', ')}`);
  }
}
