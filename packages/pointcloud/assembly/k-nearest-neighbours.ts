// k nearest neighbours in two passes over four-lane blocks, with no per-point branch on most blocks.
// Pass 1 stores every distance and, over ⌈k/4⌉ chunks of blocks, each lane's minimum: those are at least
// k distinct points, so the largest of them bounds the k-th nearest distance. Pass 2 offers only the
// points within that bound (a few times k) to a sorted list of the k best, tightening the bound as it
// fills. Same float32 arithmetic and order (distance, then index) as src/geometry/knn.ts's typed-array
// loop, so both give the same indices.
import { paddedCount, splitAxes, squaredDistance4 } from './cloud-layout';

/** Scratch bytes for clouds of n points and k neighbours: the x, y, z arrays, the distances and the list. */
export function kNearestNeighboursScratchBytes(n: i32, k: i32): usize {
  return <usize>paddedCount(n) * 16 + <usize>k * 8;
}

/**
 * A list entry: the distance's float bits above the point index. Squared distances are ≥ +0 (never −0
 * or NaN: the inputs are finite), and for those the bits order as the floats do, so comparing keys
 * compares distances and then indices.
 */
@inline
function entry(d: f32, point: i32): u64 {
  return (<u64>reinterpret<u32>(d) << 32) | <u64>point;
}

/**
 * For each of the [batch, m, 3] centres at `centres`, the indices of its k nearest points among the
 * [batch, n, 3] clouds at `xyz`, nearest first, written as int32 [batch, m, k] at `out`.
 */
export function kNearestNeighbours(
  xyz: usize, batch: i32, n: i32, centres: usize, m: i32, k: i32, out: usize, scratch: usize,
): void {
  const bytes = <usize>paddedCount(n) << 2;
  const xs = scratch;
  const ys = xs + bytes;
  const zs = ys + bytes;
  const distances = zs + bytes;
  const best = distances + bytes;
  const blocks = <i32>(bytes >> 4);
  const chunks = (k + 3) >> 2;
  for (let c = 0; c < batch; c++) {
    splitAxes(xyz + <usize>c * n * 12, n, xs, ys, zs);
    for (let q = 0; q < m; q++) {
      const centre = centres + (<usize>c * m + q) * 12;
      const cx = f32x4.splat(load<f32>(centre));
      const cy = f32x4.splat(load<f32>(centre, 4));
      const cz = f32x4.splat(load<f32>(centre, 8));
      // Pass 1. Padding lanes are NaN, which pmin skips; a lane of only padding leaves the bound at +∞.
      let bound = f32x4.splat(-Infinity);
      for (let chunk = 0; chunk < chunks; chunk++) {
        let laneMin = f32x4.splat(Infinity);
        const end = <usize>(<i64>(chunk + 1) * blocks / chunks) << 4;
        for (let at = <usize>(<i64>chunk * blocks / chunks) << 4; at < end; at += 16) {
          const d = squaredDistance4(xs, ys, zs, at, cx, cy, cz);
          v128.store(distances + at, d);
          laneMin = f32x4.pmin(laneMin, d);
        }
        bound = f32x4.pmax(bound, laneMin);
      }
      let within = f32x4.splat(largestLane(bound));
      // Pass 2.
      let filled = 0;
      for (let at: usize = 0; at < bytes; at += 16) {
        const d = v128.load(distances + at);
        if (!v128.any_true(f32x4.le(d, within))) continue;
        const first = <i32>(at >> 2);
        filled = offer(best, filled, k, entry(f32x4.extract_lane(d, 0), first), f32x4.extract_lane(within, 0));
        filled = offer(best, filled, k, entry(f32x4.extract_lane(d, 1), first + 1), f32x4.extract_lane(within, 0));
        filled = offer(best, filled, k, entry(f32x4.extract_lane(d, 2), first + 2), f32x4.extract_lane(within, 0));
        filled = offer(best, filled, k, entry(f32x4.extract_lane(d, 3), first + 3), f32x4.extract_lane(within, 0));
        if (filled == k) within = f32x4.splat(reinterpret<f32>(<u32>(load<u64>(best + (<usize>(k - 1) << 3)) >> 32)));
      }
      const row = out + (<usize>c * m + q) * k * 4;
      for (let i = 0; i < k; i++) store<i32>(row + (<usize>i << 2), <i32>load<u64>(best + (<usize>i << 3)));
    }
  }
}

@inline
function largestLane(v: v128): f32 {
  const pairs = f32x4.pmax(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.pmax(pairs, i32x4.shuffle(pairs, pairs, 1, 0, 3, 2)), 0);
}

/**
 * Inserts `key` into the ascending list of the `filled` best so far (at most k) if its distance is
 * within the bound and it beats the list's last once full; returns the new fill. NaN (padding) fails
 * the bound.
 */
@inline
function offer(best: usize, filled: i32, k: i32, key: u64, within: f32): i32 {
  if (!(reinterpret<f32>(<u32>(key >> 32)) <= within)) return filled;
  let slot = filled;
  if (filled == k) {
    if (key >= load<u64>(best + (<usize>(k - 1) << 3))) return filled;
    slot = k - 1;
  }
  while (slot > 0) {
    const before = load<u64>(best + (<usize>(slot - 1) << 3));
    if (before < key) break;
    store<u64>(best + (<usize>slot << 3), before);
    slot--;
  }
  store<u64>(best + (<usize>slot << 3), key);
  return filled < k ? filled + 1 : k;
}
