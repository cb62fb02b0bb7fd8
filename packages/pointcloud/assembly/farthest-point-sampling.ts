// Farthest point sampling (PointNet++, Qi et al. 2017) four points at a time; the same float32 arithmetic
// and tie-breaking as src/geometry/fps.ts's typed-array loop, so both pick the same indices.
import { paddedCount, splitAxes, squaredDistance4 } from './cloud-layout';

/** Scratch bytes for clouds of n points: the x, y, z arrays and the running min distances. */
export function farthestPointSamplingScratchBytes(n: i32): usize {
  return <usize>paddedCount(n) * 16;
}

/** Indices [batch, m] (int32 at `out`) of m points sampled from each of the [batch, n, 3] clouds at `xyz`. */
export function farthestPointSampling(xyz: usize, batch: i32, n: i32, m: i32, out: usize, scratch: usize): void {
  const padded = paddedCount(n);
  const bytes = <usize>padded << 2;
  const xs = scratch;
  const ys = xs + bytes;
  const zs = ys + bytes;
  const minDistance = zs + bytes;
  for (let c = 0; c < batch; c++) {
    splitAxes(xyz + <usize>c * n * 12, n, xs, ys, zs);
    for (let at: usize = 0; at < bytes; at += 16) v128.store(minDistance + at, f32x4.splat(Infinity));
    const picked = out + <usize>c * m * 4;
    store<i32>(picked, 0);
    let last = 0;
    for (let s = 1; s < m; s++) {
      const lastAt = <usize>last << 2;
      const lx = f32x4.splat(load<f32>(xs + lastAt));
      const ly = f32x4.splat(load<f32>(ys + lastAt));
      const lz = f32x4.splat(load<f32>(zs + lastAt));
      // Per lane, the first farthest point seen in that lane.
      let farthest = f32x4.splat(-1);
      let farthestIndex = i32x4.splat(0);
      let index = i32x4(0, 1, 2, 3);
      for (let at: usize = 0; at < bytes; at += 16) {
        const d = f32x4.min(squaredDistance4(xs, ys, zs, at, lx, ly, lz), v128.load(minDistance + at));
        v128.store(minDistance + at, d);
        const farther = f32x4.gt(d, farthest);
        farthest = v128.bitselect(d, farthest, farther);
        farthestIndex = v128.bitselect(index, farthestIndex, farther);
        index = i32x4.add(index, i32x4.splat(4));
      }
      last = firstLargest(farthest, farthestIndex);
      store<i32>(picked + (<usize>s << 2), last);
    }
  }
}

/** The lane index with the largest value, the lowest index among equals. */
@inline
function firstLargest(values: v128, indices: v128): i32 {
  let best = f32x4.extract_lane(values, 0);
  let bestIndex = i32x4.extract_lane(indices, 0);
  const v1 = f32x4.extract_lane(values, 1);
  const i1 = i32x4.extract_lane(indices, 1);
  if (v1 > best || (v1 == best && i1 < bestIndex)) { best = v1; bestIndex = i1; }
  const v2 = f32x4.extract_lane(values, 2);
  const i2 = i32x4.extract_lane(indices, 2);
  if (v2 > best || (v2 == best && i2 < bestIndex)) { best = v2; bestIndex = i2; }
  const v3 = f32x4.extract_lane(values, 3);
  const i3 = i32x4.extract_lane(indices, 3);
  if (v3 > best || (v3 == best && i3 < bestIndex)) { best = v3; bestIndex = i3; }
  return bestIndex;
}
