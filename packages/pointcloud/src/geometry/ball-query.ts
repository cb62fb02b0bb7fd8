import { checkFinite, checkPointCloudBatch, checkPositiveInteger, checkSameBatch, fail, type PointCloudBatch } from './point-cloud-batch.js';
import { squaredDistanceF32 } from './squared-distance.js';

/**
 * PointNet++ ball query (Qi et al. 2017), as pointnet2_ops' query_ball_point: for each query centre, the
 * first `k` points in index order whose squared distance is < radius² (both in float32); a centre with
 * fewer than k such points repeats the first one found in the remaining slots, and one with none gets
 * index 0 throughout (pointnet2_ops' zero-initialised output). Returns indices [batch, m, k].
 */
export function ballQuery(clouds: PointCloudBatch, centres: PointCloudBatch, radius: number, k: number): Int32Array {
  const op = 'ballQuery';
  checkPointCloudBatch(op, 'clouds', clouds);
  checkPointCloudBatch(op, 'centres', centres);
  checkSameBatch(op, clouds, 'centres', centres);
  if (!(radius > 0 && Number.isFinite(radius))) fail(op, `'radius' must be a finite number > 0; got ${radius}`);
  checkPositiveInteger(op, 'k', k);
  checkFinite(op, 'clouds', clouds);
  checkFinite(op, 'centres', centres);
  const { points: xyz, batch } = clouds;
  const n = clouds.count;
  const m = centres.count;
  const radiusSquared = Math.fround(radius * radius);
  const neighbours = new Int32Array(batch * m * k);
  for (let c = 0; c < batch; c++) {
    const base = c * n * 3;
    for (let q = 0; q < m; q++) {
      const centre = (c * m + q) * 3;
      const cx = centres.points[centre] as number;
      const cy = centres.points[centre + 1] as number;
      const cz = centres.points[centre + 2] as number;
      const row = (c * m + q) * k;
      let found = 0;
      for (let i = 0, p = base; i < n && found < k; i++, p += 3) {
        if (squaredDistanceF32(xyz[p] as number, xyz[p + 1] as number, xyz[p + 2] as number, cx, cy, cz) < radiusSquared) {
          if (found === 0) neighbours.fill(i, row, row + k);
          neighbours[row + found++] = i;
        }
      }
    }
  }
  return neighbours;
}
