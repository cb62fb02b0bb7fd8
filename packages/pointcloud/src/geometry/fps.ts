import { farthestPointSamplingWasm } from './geometry-wasm.js';
import { checkFinite, checkPointCloudBatch, checkPositiveInteger, fail, type PointCloudBatch } from './point-cloud-batch.js';
import { squaredDistanceF32 } from './squared-distance.js';

/**
 * Farthest point sampling (PointNet++, Qi et al. 2017): per cloud, starts at point 0 (as pointnet2_ops'
 * furthest_point_sample) and repeatedly takes the point farthest from those taken so far, by float32
 * squared distance, ties going to the lower index. Keeps a running min-distance array, so time is
 * O(n·m) and memory O(n) per cloud. Unlike pointnet2_ops it does not skip points within 1e-3 of the
 * origin. Once every distinct location is taken (a cloud with duplicates), later picks repeat index 0.
 * Runs the WebAssembly SIMD kernel where built, else the typed-array loop; both give the same indices.
 * Returns indices [batch, count].
 */
export function farthestPointSampling(clouds: PointCloudBatch, count: number): Int32Array {
  const op = 'farthestPointSampling';
  checkPointCloudBatch(op, 'clouds', clouds);
  checkPositiveInteger(op, 'count', count);
  if (count > clouds.count) fail(op, `'count' must be ≤ the cloud's ${clouds.count} points; got ${count}`);
  checkFinite(op, 'clouds', clouds);
  return farthestPointSamplingWasm(clouds, count) ?? farthestPointSamplingJs(clouds, count);
}

/** farthestPointSampling as a typed-array loop (arguments already checked): the fallback and the SIMD kernel's reference. */
export function farthestPointSamplingJs(clouds: PointCloudBatch, count: number): Int32Array {
  const { points: xyz, batch, count: n } = clouds;
  const picked = new Int32Array(batch * count);
  const minDistance = new Float32Array(n);
  for (let c = 0; c < batch; c++) {
    const base = c * n * 3;
    minDistance.fill(Infinity);
    let last = 0;
    for (let s = 1; s < count; s++) {
      const lx = xyz[base + 3 * last] as number;
      const ly = xyz[base + 3 * last + 1] as number;
      const lz = xyz[base + 3 * last + 2] as number;
      let farthest = 0;
      let farthestDistance = -1;
      for (let i = 0, p = base; i < n; i++, p += 3) {
        let d = squaredDistanceF32(xyz[p] as number, xyz[p + 1] as number, xyz[p + 2] as number, lx, ly, lz);
        const known = minDistance[i] as number;
        if (d < known) minDistance[i] = d;
        else d = known;
        if (d > farthestDistance) {
          farthestDistance = d;
          farthest = i;
        }
      }
      picked[c * count + s] = farthest;
      last = farthest;
    }
  }
  return picked;
}
