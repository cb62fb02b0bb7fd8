import { checkIndices, checkPointCloudBatch, type PointCloudBatch } from './point-cloud-batch.js';

/** The points at `indices` [batch, m] of each cloud, as a batch of m-point clouds (e.g. the FPS centres). */
export function gatherPoints(clouds: PointCloudBatch, indices: Int32Array): PointCloudBatch {
  const op = 'gatherPoints';
  checkPointCloudBatch(op, 'clouds', clouds);
  const m = checkIndices(op, 'indices', indices, [clouds.batch], 'm', clouds.count);
  const points = new Float32Array(clouds.batch * m * 3);
  for (let c = 0; c < clouds.batch; c++) {
    for (let j = 0; j < m; j++) {
      const from = (c * clouds.count + (indices[c * m + j] as number)) * 3;
      points.set(clouds.points.subarray(from, from + 3), (c * m + j) * 3);
    }
  }
  return { points, batch: clouds.batch, count: m };
}

/** Local patches around group centres and the centres themselves. */
export interface PointGroups {
  /** [batch, m, k, 3]: each neighbour minus its group's centre. */
  readonly neighbourhoods: Float32Array;
  /** [batch, m, 3]. */
  readonly centres: PointCloudBatch;
  readonly groups: number;
  readonly groupSize: number;
}

/**
 * Point-BERT/PointMamba grouping: gathers each centre's neighbours (`centreIndices` [batch, m] from
 * farthest point sampling, `neighbourIndices` [batch, m, k] from kNN or ball query) and expresses them
 * relative to the centre (neighbourhood − centre).
 */
export function groupPoints(clouds: PointCloudBatch, centreIndices: Int32Array, neighbourIndices: Int32Array): PointGroups {
  const op = 'groupPoints';
  checkPointCloudBatch(op, 'clouds', clouds);
  const m = checkIndices(op, 'centreIndices', centreIndices, [clouds.batch], 'm', clouds.count);
  const k = checkIndices(op, 'neighbourIndices', neighbourIndices, [clouds.batch, m], 'k', clouds.count);
  const centres = gatherPoints(clouds, centreIndices);
  const neighbourhoods = new Float32Array(clouds.batch * m * k * 3);
  for (let c = 0; c < clouds.batch; c++) {
    for (let g = 0; g < m; g++) {
      const centre = (c * m + g) * 3;
      for (let j = 0; j < k; j++) {
        const row = (c * m + g) * k + j;
        const from = (c * clouds.count + (neighbourIndices[row] as number)) * 3;
        for (let axis = 0; axis < 3; axis++) {
          neighbourhoods[row * 3 + axis] = (clouds.points[from + axis] as number) - (centres.points[centre + axis] as number);
        }
      }
    }
  }
  return { neighbourhoods, centres, groups: m, groupSize: k };
}
