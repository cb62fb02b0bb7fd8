import type { ClassificationSplits } from '../data/point-cloud.js';
import { loadSplits } from '../data/load-splits.js';

/** The generated shapes set of the smoke scale. */
export interface SyntheticSetConfig {
  perClass: number;
  testPerClass: number;
  points: number;
  noise: number;
}

/**
 * A table column's data: `settings.dataset` is synthetic (from `synthetic`, seeds 1 and 2), modelnet10,
 * modelnet40 or scanobjectnn (with `settings.variant`), loaded as a saved model's data is.
 */
export function loadColumnData(settings: Record<string, string | number>, dataDir: string, synthetic: SyntheticSetConfig): Promise<ClassificationSplits> {
  const dataset = String(settings.dataset);
  if (dataset === 'synthetic') return loadSplits({ dataset, ...synthetic, trainSeed: 1, testSeed: 2 }, dataDir);
  if (dataset === 'modelnet10') return loadSplits({ dataset, meshPoints: 1024 }, dataDir);
  return loadSplits({ dataset, ...(settings.variant === undefined ? {} : { variant: String(settings.variant) }) }, dataDir);
}
