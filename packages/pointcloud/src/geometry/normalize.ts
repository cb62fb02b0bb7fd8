import { checkFinite, checkPointCloudBatch, fail, type PointCloudBatch } from './point-cloud-batch.js';

/**
 * The usual ModelNet/ScanObjectNN preprocessing (PointNet++'s pc_normalize, also Point-BERT/PointMamba):
 * per cloud, subtract the centroid and divide by the largest distance from it, so the cloud fits the
 * unit sphere with its farthest point on it. Sums in double precision; returns a new batch.
 */
export function normalizeToUnitSphere(clouds: PointCloudBatch): PointCloudBatch {
  const op = 'normalizeToUnitSphere';
  checkPointCloudBatch(op, 'clouds', clouds);
  const { points: xyz, batch, count } = clouds;
  checkFinite(op, 'clouds', clouds);
  const normalized = new Float32Array(xyz.length);
  for (let c = 0; c < batch; c++) {
    const start = c * count * 3;
    const end = start + count * 3;
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (let p = start; p < end; p += 3) {
      cx += xyz[p] as number;
      cy += xyz[p + 1] as number;
      cz += xyz[p + 2] as number;
    }
    cx /= count;
    cy /= count;
    cz /= count;
    let maxNormSquared = 0;
    for (let p = start; p < end; p += 3) {
      const normSquared = ((xyz[p] as number) - cx) ** 2 + ((xyz[p + 1] as number) - cy) ** 2 + ((xyz[p + 2] as number) - cz) ** 2;
      maxNormSquared = Math.max(maxNormSquared, normSquared);
    }
    if (maxNormSquared === 0) {
      fail(op, `cloud ${c} has all its ${count} points at one location, so it cannot be scaled to the unit sphere`);
    }
    const scale = 1 / Math.sqrt(maxNormSquared);
    for (let p = start; p < end; p += 3) {
      normalized[p] = ((xyz[p] as number) - cx) * scale;
      normalized[p + 1] = ((xyz[p + 1] as number) - cy) * scale;
      normalized[p + 2] = ((xyz[p + 2] as number) - cz) * scale;
    }
  }
  return { points: normalized, batch, count };
}
