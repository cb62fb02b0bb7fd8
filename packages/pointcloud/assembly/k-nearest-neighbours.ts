// k nearest neighbours over a uniform grid of each cloud (cloud-grid.ts), cells sized for about k/4
// points. Per centre, boxes of cells around the centre's cell grow until the points surely inside the
// box number at least k; the points that pass go into a sorted list of the k best. The distances are the
// float32 (dx² + dy²) + dz² of src/geometry/knn.ts's typed-array loop and the list orders by (distance,
// index) as it does, so both give the same indices.
import { buildGrid, gridSlots, gridX, gridY, gridZ } from './cloud-grid';
import { lesser, squaredDistance4 } from './cloud-layout';

/** Grid cells for a cloud of n points searched for k neighbours: about k/4 points a cell, at most n cells. */
function gridCells(n: i32, k: i32): i32 {
  return max(1, min(n, (n * 4) / k));
}

/**
 * Scratch bytes for clouds of n points and k neighbours: the grid (x, y, z, order, cell starts, cells of
 * points), the passing points of a run (distances and indices, four lanes of slack) and the list (with a
 * slot on either side).
 */
export function kNearestNeighboursScratchBytes(n: i32, k: i32): usize {
  const cells = gridCells(n, k);
  return gridSlots(n, cells) * 24 + 32 + (<usize>cells * 2 + 1) * 4 + <usize>n * 4 + (<usize>k + 2) * 8;
}

/**
 * For each of the [batch, m, 3] centres at `centres`, the indices of its k nearest points among the
 * [batch, n, 3] clouds at `xyz`, nearest first, written as int32 [batch, m, k] at `out`. Returns false
 * (its output incomplete) when a coordinate of the clouds or the centres is not finite.
 */
export function kNearestNeighbours(
  xyz: usize, batch: i32, n: i32, centres: usize, m: i32, k: i32, out: usize, scratch: usize,
): bool {
  if (!allFinite(centres, batch * m * 3)) return false;
  // Scratch: the sorted x, y, z and cloud indices, the passing distances and indices (each `slotBytes`,
  // the last two with four lanes of slack), the cell starts, the cells of points and the list, after a
  // slot that holds a key below all others.
  const cells = gridCells(n, k);
  const slotBytes = gridSlots(n, cells) << 2;
  const sorted = scratch;
  const start = sorted + slotBytes * 6 + 32;
  const cellOfPoint = start + ((<usize>cells * 2 + 1) << 2);
  const best = cellOfPoint + (<usize>n << 2) + 8;
  store<i64>(best - 8, -1);
  for (let c = 0; c < batch; c++) {
    if (!buildGrid(xyz + <usize>c * n * 12, n, cells, sorted, sorted + slotBytes, sorted + slotBytes * 2, sorted + slotBytes * 3, start, cellOfPoint)) return false;
    const gx = gridX.cells, gy = gridY.cells, gz = gridZ.cells;
    const stride = gx + 1;
    for (let q = 0; q < m; q++) {
      const centre = centres + (<usize>c * m + q) * 12;
      const x = load<f32>(centre), y = load<f32>(centre, 4), z = load<f32>(centre, 8);
      const cx = f32x4.splat(x), cy = f32x4.splat(y), cz = f32x4.splat(z);
      const ix = gridX.cellOf(x), iy = gridY.cellOf(y), iz = gridZ.cellOf(z);
      if (k <= BRANCHLESS_K) for (let i = 0; i <= k; i++) store<i64>(best + (<usize>i << 3), EMPTY);
      // Boxes of the cells within `ring` of the centre's cell in each axis. Every point with distance
      // ≤ `outer` lies in the box, so once k such points are found they include the k nearest. Each box
      // offers only the points that the box before it did not (distance in (inner, outer]).
      let filled = 0;
      let inner: f32 = -Infinity;
      for (let ring = 1; ; ring++) {
        const x0 = max(ix - ring, 0), x1 = min(ix + ring, gx - 1);
        const outer = insideBound(lesser(
          gridX.clearance(x, x0, x1),
          lesser(gridY.clearance(y, max(iy - ring, 0), min(iy + ring, gy - 1)), gridZ.clearance(z, max(iz - ring, 0), min(iz + ring, gz - 1))),
        ));
        if (outer > inner) {
          // Rows nearest the centre's first (offsets 0, +1, −1, +2, …), so that the list's k-th shrinks
          // early and later points mostly land near its end.
          for (let tz = 0; tz <= 2 * ring; tz++) {
            const zc = iz + zigzag(tz);
            if (zc < 0 || zc >= gz) continue;
            for (let ty = 0; ty <= 2 * ring; ty++) {
              const yc = iy + zigzag(ty);
              if (yc < 0 || yc >= gy) continue;
              // A row of cells along x is one run of sorted points.
              const row = start + (<usize>((zc * gy + yc) * stride) << 2);
              const begin = load<i32>(row + (<usize>x0 << 2));
              const end = load<i32>(row + (<usize>(x1 + 1) << 2));
              filled = offerRun(begin, end, sorted, slotBytes, cx, cy, cz, inner, outer, best, filled, k);
            }
          }
          inner = outer;
        }
        if (filled == k || outer == Infinity) break;
      }
      const row = out + (<usize>c * m + q) * k * 4;
      for (let i = 0; i < k; i++) store<i32>(row + (<usize>i << 2), <i32>load<u64>(best + (<usize>i << 3)));
    }
  }
  return true;
}

/** Whether the `count` float32 at `values` are all finite: v · 0 is 0 for those, NaN for ±∞ and NaN. */
function allFinite(values: usize, count: i32): bool {
  let sum = f32x4.splat(0);
  const quads = count >> 2;
  for (let q = 0; q < quads; q++) sum = f32x4.add(sum, f32x4.mul(v128.load(values + (<usize>q << 4)), f32x4.splat(0)));
  let rest: f32 = 0;
  for (let i = quads << 2; i < count; i++) rest += load<f32>(values + (<usize>i << 2)) * 0;
  return !v128.any_true(f32x4.ne(sum, sum)) && rest == 0;
}

/**
 * The largest float32 squared distance that only points inside a box of cells can have, given that every
 * point outside is at least `clearance` away: clearance² less 1e-5 of itself (float32 rounding moves a
 * squared distance by under 1e-6 of itself), at most the largest finite float32 (beyond it distances
 * overflow to +∞, inside the box or not); +∞ for a box that is the whole grid, −∞ where it would be below
 * 1e-30 (near float32's subnormals, where rounding is not relative).
 */
@inline
function insideBound(clearance: f64): f32 {
  if (clearance == Infinity) return Infinity;
  const squared = clearance * clearance * (1 - 1e-5);
  return clearance > 0 && squared > 1e-30 ? <f32>lesser(squared, <f64>f32.MAX_VALUE) : -Infinity;
}

/** The t-th offset of the sequence 0, +1, −1, +2, −2, … */
@inline
function zigzag(t: i32): i32 {
  return t & 1 ? (t + 1) >> 1 : -(t >> 1);
}

/**
 * Offers the sorted points [begin, end) at distance in (inner, outer], and below the list's k-th once
 * it is full, to the list of the `filled` best (at most k); returns the new fill. Four lanes at a time,
 * the passing points are packed (distances, then cloud indices, after the four sorted arrays) without a
 * branch, then inserted. Lanes past `end` read the row's next cells, outside the box and so beyond
 * `outer`, or its NaN gap, which fails every comparison.
 */
@inline
function offerRun(
  begin: i32, end: i32, sorted: usize, slotBytes: usize, cx: v128, cy: v128, cz: v128, inner: f32, outer: f32,
  best: usize, filled: i32, k: i32,
): i32 {
  const ys = sorted + slotBytes, zs = ys + slotBytes, order = zs + slotBytes;
  const passDistance = order + slotBytes, passPoint = passDistance + slotBytes + 16;
  const above = f32x4.splat(inner);
  const within = f32x4.splat(filled == k ? lesser(outer, kthDistance(best, k)) : outer);
  let passed: usize = 0;
  for (let i = begin; i < end; i += 4) {
    const at = <usize>i << 2;
    const d = squaredDistance4(sorted, ys, zs, at, cx, cy, cz);
    const lanes = i32x4.bitmask(v128.and(f32x4.gt(d, above), f32x4.le(d, within)));
    const pack = v128.load(PACK + (<usize>lanes << 4));
    v128.store(passDistance + (passed << 2), v128.swizzle(d, pack));
    v128.store(passPoint + (passed << 2), v128.swizzle(v128.load(order + at), pack));
    passed += popcnt(lanes);
  }
  for (let p: usize = 0; p < passed; p++) {
    filled = insert(best, filled, k, entry(load<f32>(passDistance + (p << 2)), load<i32>(passPoint + (p << 2))));
  }
  return filled;
}

/** 16 byte-shuffles, one per 4-bit lane mask, that move the masked lanes of a v128 to its front in order. */
const PACK = memory.data(256, 16);
for (let lanes = 0; lanes < 16; lanes++) {
  let to = PACK + (<usize>lanes << 4);
  for (let lane: u8 = 0; lane < 4; lane++) {
    if ((lanes >> lane) & 1) for (let byte: u8 = 0; byte < 4; byte++) store<u8>(to++, lane * 4 + byte);
  }
}

/**
 * A list entry: the distance's float bits above the point index. Squared distances are ≥ +0 (never −0
 * or NaN: the inputs are finite), and for those the bits order as the floats do, so comparing keys
 * compares distances and then indices (as signed integers too: the top bit is clear).
 */
@inline
function entry(d: f32, point: i32): u64 {
  return (<u64>reinterpret<u32>(d) << 32) | <u64>point;
}

/** The distance of the list's k-th entry. */
@inline
function kthDistance(best: usize, k: i32): f32 {
  return reinterpret<f32>(<u32>(load<u64>(best + (<usize>(k - 1) << 3)) >> 32));
}

/** Up to this k, inserting into the whole list without a branch beats shifting until the key's place. */
const BRANCHLESS_K = 16;

/** The key of a slot not yet filled (branchless insertion), above every entry. */
const EMPTY = i64.MAX_VALUE;

/**
 * Inserts `key` into the ascending list of the `filled` best (at most k) unless it is full and `key` is
 * not better than its last; returns the new fill.
 */
@inline
function insert(best: usize, filled: i32, k: i32, key: u64): i32 {
  if (k <= BRANCHLESS_K) {
    // Each slot takes its left neighbour if the key is below that, else the key if below the slot's own
    // key, else keeps it: two slots at a time, from the top (an odd k also rewrites slot k, unused).
    const keys = i64x2.splat(<i64>key);
    for (let j = (k - 1) & ~1; j >= 0; j -= 2) {
      const at = best + (<usize>j << 3);
      const own = v128.load(at);
      const left = v128.load(at - 8);
      v128.store(at, v128.bitselect(left, v128.bitselect(keys, own, i64x2.lt_s(keys, own)), i64x2.lt_s(keys, left)));
    }
    return filled < k ? filled + 1 : k;
  }
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
