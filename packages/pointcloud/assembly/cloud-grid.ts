// A uniform grid over one cloud's bounding box, for searches that look only at cells near a query. The
// points are counting-sorted by cell (x fastest, then y, then z) into x, y, z arrays, so a row of cells
// along x is one contiguous run of sorted points. Each row ends in a gap cell of three NaN points, so
// four-lane loads that run past a row's last cell read NaN, never the next row's points.
import { greater, lesser } from './cloud-layout';

/** One axis of the grid: `cells` equal slices of [min, min + extent]. Set by `setBounds`. */
@unmanaged
export class GridAxis {
  min: f64;
  /** the length of a slice */
  size: f64;
  /** slices per unit length; 0 when there is one slice */
  scale: f64;
  /**
   * Rounding slack for distances to the slices' faces: points are sliced in float32, to within 2e-7 of
   * the extent (buildGrid), and `cellOf` and `face` round in float64.
   */
  slack: f64;
  cells: i32;

  /** The slice holding coordinate v, clamped into the grid (query centres may lie outside it). */
  @inline
  cellOf(v: f64): i32 {
    return <i32>lesser<f64>(<f64>(this.cells - 1), greater<f64>(0, floor((v - this.min) * this.scale)));
  }

  /** Where slice j begins. */
  @inline
  face(j: i32): f64 {
    return this.min + <f64>j * this.size;
  }

  /**
   * How far v lies from every slice outside [lo, hi], less the slack: +∞ when [lo, hi] is the whole
   * axis, negative when v is not inside [lo, hi].
   */
  @inline
  clearance(v: f64, lo: i32, hi: i32): f64 {
    let gap = Infinity;
    if (lo > 0) gap = v - this.face(lo);
    if (hi < this.cells - 1) gap = lesser(gap, this.face(hi + 1) - v);
    return gap - this.slack;
  }

  setBounds(lo: f32, hi: f32, cellSize: f64): void {
    const extent = <f64>hi - <f64>lo;
    const cells = cellSize > 0 && extent >= cellSize ? <i32>floor(extent / cellSize) : 1;
    this.min = lo;
    this.cells = cells;
    this.size = extent / <f64>cells;
    this.scale = cells > 1 ? <f64>cells / extent : 0;
    this.slack = 1e-6 * (abs(this.min) + extent);
  }
}

// In static memory: the module has no allocator (--runtime stub would import an abort handler for one).
export const gridX = changetype<GridAxis>(memory.data(offsetof<GridAxis>(), 8));
export const gridY = changetype<GridAxis>(memory.data(offsetof<GridAxis>(), 8));
export const gridZ = changetype<GridAxis>(memory.data(offsetof<GridAxis>(), 8));

/**
 * The side of cubic cells that cut a box of the given extents into at most `cells` cells with about
 * `cells` of them: with a ≥ b ≥ c, the largest of a/cells, √(ab/cells) and ∛(abc/cells). The largest
 * is the one whose axes are all at least a cell long, so flat and thin clouds get 2-D and 1-D grids.
 */
function cellSide(ex: f64, ey: f64, ez: f64, cells: f64): f64 {
  const a = max(ex, max(ey, ez));
  const c = min(ex, min(ey, ez));
  const b = ex + ey + ez - a - c;
  return max(a / cells, max(sqrt((a * b) / cells), Math.cbrt((a * b * c) / cells)));
}

/** Sorted slots per axis array for clouds of n points in at most `cells` cells: the points and the gaps. */
export function gridSlots(n: i32, cells: i32): usize {
  return <usize>n + <usize>cells * GAP;
}

/** NaN points at the end of each row of cells. */
const GAP = 3;

/**
 * Grids the cloud of n row-major points at `xyz` into at most `cells` cells: sets gridX/Y/Z, writes the
 * sorted coordinates to `xs`, `ys`, `zs` and each sorted point's index in the cloud to `order`
 * (gridSlots(n, cells) each), and the cells' first slots to `start`: cell (x, y, z) begins at
 * start[x + (gridX.cells + 1) · (y + gridY.cells · z)], and x = gridX.cells is the row's gap (2 · cells + 1
 * int32 in all). `cellOfPoint` is n int32 of scratch. Returns false, doing nothing more, when a
 * coordinate is not finite.
 */
export function buildGrid(
  xyz: usize, n: i32, cells: i32, xs: usize, ys: usize, zs: usize, order: usize, start: usize, cellOfPoint: usize,
): bool {
  // Bounds, four points (three vectors whose lanes cycle through x, y, z) at a time. f32x4.min and max
  // carry NaN through and keep ±∞, so a coordinate that is not finite leaves a bound that is not.
  let lo0 = f32x4.splat(Infinity), lo1 = lo0, lo2 = lo0;
  let hi0 = f32x4.splat(-Infinity), hi1 = hi0, hi2 = hi0;
  const quads = n >> 2;
  for (let q = 0; q < quads; q++) {
    const at = xyz + <usize>q * 48;
    const a = v128.load(at), b = v128.load(at, 16), c = v128.load(at, 32);
    lo0 = f32x4.min(lo0, a); lo1 = f32x4.min(lo1, b); lo2 = f32x4.min(lo2, c);
    hi0 = f32x4.max(hi0, a); hi1 = f32x4.max(hi1, b); hi2 = f32x4.max(hi2, c);
  }
  let loX = min(min(f32x4.extract_lane(lo0, 0), f32x4.extract_lane(lo0, 3)), min(f32x4.extract_lane(lo1, 2), f32x4.extract_lane(lo2, 1)));
  let loY = min(min(f32x4.extract_lane(lo0, 1), f32x4.extract_lane(lo1, 0)), min(f32x4.extract_lane(lo1, 3), f32x4.extract_lane(lo2, 2)));
  let loZ = min(min(f32x4.extract_lane(lo0, 2), f32x4.extract_lane(lo1, 1)), min(f32x4.extract_lane(lo2, 0), f32x4.extract_lane(lo2, 3)));
  let hiX = max(max(f32x4.extract_lane(hi0, 0), f32x4.extract_lane(hi0, 3)), max(f32x4.extract_lane(hi1, 2), f32x4.extract_lane(hi2, 1)));
  let hiY = max(max(f32x4.extract_lane(hi0, 1), f32x4.extract_lane(hi1, 0)), max(f32x4.extract_lane(hi1, 3), f32x4.extract_lane(hi2, 2)));
  let hiZ = max(max(f32x4.extract_lane(hi0, 2), f32x4.extract_lane(hi1, 1)), max(f32x4.extract_lane(hi2, 0), f32x4.extract_lane(hi2, 3)));
  for (let i = quads << 2; i < n; i++) {
    const point = xyz + <usize>i * 12;
    const x = load<f32>(point), y = load<f32>(point, 4), z = load<f32>(point, 8);
    loX = min(loX, x); hiX = max(hiX, x);
    loY = min(loY, y); hiY = max(hiY, y);
    loZ = min(loZ, z); hiZ = max(hiZ, z);
  }
  if (!(isFinite(loX) && isFinite(loY) && isFinite(loZ) && isFinite(hiX) && isFinite(hiY) && isFinite(hiZ))) return false;
  const side = cellSide(<f64>hiX - loX, <f64>hiY - loY, <f64>hiZ - loZ, <f64>cells);
  gridX.setBounds(loX, hiX, side);
  gridY.setBounds(loY, hiY, side);
  gridZ.setBounds(loZ, hiZ, side);
  const stride = gridX.cells + 1;
  const rows = gridY.cells * gridZ.cells;
  const slots = stride * rows;

  // Each point's cell, four at a time: (v − min) · scale in float32, truncated (v ≥ min), at most the
  // last slice; as cell x + stride · (y + gridY.cells · z). (Where the scale overflows float32, extents
  // below 1e-30, cells come out wrong, but then insideBound has the search scan the whole grid.)
  const minX = <f32>gridX.min, minY = <f32>gridY.min, minZ = <f32>gridZ.min;
  const scaleX = <f32>gridX.scale, scaleY = <f32>gridY.scale, scaleZ = <f32>gridZ.scale;
  const lastX = gridX.cells - 1, lastY = gridY.cells - 1, lastZ = gridZ.cells - 1;
  for (let q = 0; q < quads; q++) {
    const at = xyz + <usize>q * 48;
    const a = v128.load(at), b = v128.load(at, 16), c = v128.load(at, 32);
    // a = x0 y0 z0 x1, b = y1 z1 x2 y2, c = z2 x3 y3 z3
    const x = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 0, 3, 6, 6), c, 0, 1, 2, 5);
    const y = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 1, 4, 7, 7), c, 0, 1, 2, 6);
    const z = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 2, 5, 5, 5), c, 0, 1, 4, 7);
    const sx = slices4(x, minX, scaleX, lastX), sy = slices4(y, minY, scaleY, lastY), sz = slices4(z, minZ, scaleZ, lastZ);
    v128.store(cellOfPoint + (<usize>q << 4), i32x4.add(sx, i32x4.mul(i32x4.splat(stride), i32x4.add(sy, i32x4.mul(i32x4.splat(lastY + 1), sz)))));
  }
  for (let i = quads << 2; i < n; i++) {
    const point = xyz + <usize>i * 12;
    const cell = slice(load<f32>(point), minX, scaleX, lastX) + stride * (slice(load<f32>(point, 4), minY, scaleY, lastY) + (lastY + 1) * slice(load<f32>(point, 8), minZ, scaleZ, lastZ));
    store<i32>(cellOfPoint + (<usize>i << 2), cell);
  }

  // Counting sort: count into start[c + 1] (GAP for each gap cell), prefix-sum so that start[c] is cell
  // c's first slot, scatter (each start[c] then ends at cell c + 1's first slot), and shift back by one.
  memory.fill(start, 0, (<usize>slots + 1) << 2);
  for (let r = 1; r <= rows; r++) store<i32>(start + (<usize>(r * stride) << 2), GAP);
  for (let i = 0; i < n; i++) {
    const count = start + (<usize>(load<i32>(cellOfPoint + (<usize>i << 2)) + 1) << 2);
    store<i32>(count, load<i32>(count) + 1);
  }
  for (let c = 1; c <= slots; c++) {
    const at = start + (<usize>c << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  for (let i = 0; i < n; i++) {
    const slot = start + (<usize>load<i32>(cellOfPoint + (<usize>i << 2)) << 2);
    const to = <usize>load<i32>(slot) << 2;
    store<i32>(slot, load<i32>(slot) + 1);
    const point = xyz + <usize>i * 12;
    store<f32>(xs + to, load<f32>(point));
    store<f32>(ys + to, load<f32>(point, 4));
    store<f32>(zs + to, load<f32>(point, 8));
    store<i32>(order + to, i);
  }
  for (let c = slots; c > 0; c--) store<i32>(start + (<usize>c << 2), load<i32>(start + (<usize>(c - 1) << 2)));
  store<i32>(start, 0);
  for (let r = 0; r < rows; r++) {
    const gap = <usize>load<i32>(start + (<usize>(r * stride + stride - 1) << 2)) << 2;
    for (let g = 0; g < GAP; g++) {
      const at = gap + (<usize>g << 2);
      store<f32>(xs + at, NaN);
      store<f32>(ys + at, NaN);
      store<f32>(zs + at, NaN);
    }
  }
  return true;
}

/** The slice holding coordinate v ≥ min of an axis from `min` with `scale` slices per unit, at most `last`. */
@inline
function slice(v: f32, min: f32, scale: f32, last: i32): i32 {
  return lesser(last, <i32>((v - min) * scale));
}

/** `slice` of four coordinates. */
@inline
function slices4(v: v128, min: f32, scale: f32, last: i32): v128 {
  return i32x4.min_s(i32x4.splat(last), i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.sub(v, f32x4.splat(min)), f32x4.splat(scale))));
}
