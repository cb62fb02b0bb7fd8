/** One point cloud: `points` is row-major [count, 3] (x, y, z per point). */
export interface PointCloud {
  points: Float32Array;
  count: number;
}

/** A point cloud with its class id and where it came from (a file's path under its dataset, or a generated name). */
export interface LabeledCloud extends PointCloud {
  label: number;
  name: string;
}

/** A classification dataset: class names (index = label) and its official train and test clouds. */
export interface ClassificationSplits {
  classes: string[];
  train: LabeledCloud[];
  test: LabeledCloud[];
}
