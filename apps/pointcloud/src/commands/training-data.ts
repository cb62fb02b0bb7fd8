import type { DataName, SavedPointData, ScanObjectNNVariant } from '@hybridssm/pointcloud';

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
