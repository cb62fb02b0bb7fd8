import type { ClassificationSplits } from '../data/point-cloud.js';
import { resolvePointcloudDataset } from '../data/datasets.js';
import { loadModelNet10 } from '../data/modelnet10.js';
import { loadModelNet40H5 } from '../data/modelnet40-h5.js';
import { loadScanObjectNN } from '../data/scanobjectnn.js';
import type { ScanObjectNNVariant } from '../data/scanobjectnn.js';
import { syntheticShapes } from '../data/synthetic-shapes.js';

/** The generated shapes set of the smoke scale. */
export interface SyntheticSetConfig {
  perClass: number;
  testPerClass: number;
  points: number;
  noise: number;
}

/** A table column's data: `settings.dataset` is synthetic, modelnet10, modelnet40 or scanobjectnn (with `settings.variant`). */
export async function loadColumnData(settings: Record<string, string | number>, dataDir: string, synthetic: SyntheticSetConfig): Promise<ClassificationSplits> {
  const dataset = String(settings.dataset);
  switch (dataset) {
    case 'synthetic': {
      const options = { points: synthetic.points, noise: synthetic.noise };
      const train = syntheticShapes({ ...options, perClass: synthetic.perClass, seed: 1 });
      const test = syntheticShapes({ ...options, perClass: synthetic.testPerClass, seed: 2 });
      return { classes: train.classes, train: train.clouds, test: test.clouds };
    }
    case 'modelnet10':
      return loadModelNet10(resolvePointcloudDataset('modelnet10', dataDir).path);
    case 'modelnet40':
      return loadModelNet40H5(resolvePointcloudDataset('modelnet40', dataDir).path);
    case 'scanobjectnn':
      return loadScanObjectNN(resolvePointcloudDataset('scanobjectnn', dataDir).path, String(settings.variant) as ScanObjectNNVariant);
    default:
      throw new Error(`unknown dataset '${dataset}' in a table column`);
  }
}
