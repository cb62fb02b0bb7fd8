import type { SavedPointData } from '../checkpoint/saved-point-model.js';
import { resolvePointcloudDataset } from './datasets.js';
import { loadModelNet10 } from './modelnet10.js';
import { loadModelNet40H5 } from './modelnet40-h5.js';
import type { ClassificationSplits } from './point-cloud.js';
import { loadScanObjectNN } from './scanobjectnn.js';
import type { ScanObjectNNVariant } from './scanobjectnn.js';
import { syntheticShapes } from './synthetic-shapes.js';

/** The datasets a saved model's data (and a table column) can name. */
export const DATA_NAMES = ['synthetic', 'modelnet10', 'modelnet40', 'scanobjectnn'] as const;
export type DataName = (typeof DATA_NAMES)[number];
export const SCANOBJECTNN_VARIANTS: readonly ScanObjectNNVariant[] = ['OBJ_BG', 'OBJ_ONLY', 'PB_T50_RS'];

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
