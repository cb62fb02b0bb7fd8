import { kNearestNeighboursWasm } from './geometry-wasm.js';
import { checkFinite, checkPointCloudBatch, checkPositiveInteger, checkSameBatch, fail, type PointCloudBatch } from './point-cloud-batch.js';
import { squaredDistanceF32 } from './squared-distance.js';

/**
 * Above this k the SIMD kernel (grid cells of about k/4 points, a sorted list of the k best) loses to
 * the heap: for 64 centres of 8,192 points it is 11× faster at k = 256, 2.7× at 1,024 and 0.45× at 2,048.
 */
const SIMD_MAX_K = 1024;

/**
 * The k nearest neighbours of each query centre among its cloud's points (the kNN grouping of
 * Point-BERT/PointMamba), by float32 squared Euclidean distance, with no n×n matrix. Runs the
 * WebAssembly SIMD kernel (assembly/k-nearest-neighbours.ts: a uniform grid per cloud, searched outward
 * from each centre's cell, O(n) memory) where built and k ≤ 1024, else the typed-array loop, which scans
 * the n points once per centre with a bounded max-heap of the k best: O(m·n·log k) time, O(k) memory.
 * Both give the same indices [batch, m, k], nearest first; equal distances are ordered by point index.
 */
export function kNearestNeighbours(clouds: PointCloudBatch, centres: PointCloudBatch, k: number): Int32Array {
  const op = 'kNearestNeighbours';
  checkPointCloudBatch(op, 'clouds', clouds);
  checkPointCloudBatch(op, 'centres', centres);
  checkSameBatch(op, clouds, 'centres', centres);
  checkPositiveInteger(op, 'k', k);
  if (k > clouds.count) fail(op, `'k' must be ≤ the cloud's ${clouds.count} points; got ${k}`);
  const fromKernel = k <= SIMD_MAX_K ? kNearestNeighboursWasm(clouds, centres, k) : undefined;
  if (fromKernel instanceof Int32Array) return fromKernel;
  // The kernel checks finiteness as it reads the coordinates (null: it found a bad one), cheaper than
  // checkFinite's scan, which names the bad coordinate here and guards the typed-array loop.
  checkFinite(op, 'clouds', clouds);
  checkFinite(op, 'centres', centres);
  return kNearestNeighboursJs(clouds, centres, k);
}

/** kNearestNeighbours as a typed-array loop (arguments already checked): the fallback and the SIMD kernel's reference. */
export function kNearestNeighboursJs(clouds: PointCloudBatch, centres: PointCloudBatch, k: number): Int32Array {
  const { points: xyz, batch, count: n } = clouds;
  const m = centres.count;
  const neighbours = new Int32Array(batch * m * k);
  const heapDistance = new Float32Array(k);
  const heapIndex = new Int32Array(k);
  for (let c = 0; c < batch; c++) {
    const base = c * n * 3;
    for (let q = 0; q < m; q++) {
      const centre = (c * m + q) * 3;
      const cx = centres.points[centre] as number;
      const cy = centres.points[centre + 1] as number;
      const cz = centres.points[centre + 2] as number;
      for (let i = 0, p = base; i < n; i++, p += 3) {
        const d = squaredDistanceF32(xyz[p] as number, xyz[p + 1] as number, xyz[p + 2] as number, cx, cy, cz);
        if (i < k) {
          heapDistance[i] = d;
          heapIndex[i] = i;
          if (i === k - 1) for (let h = (k >> 1) - 1; h >= 0; h--) siftDown(heapDistance, heapIndex, h, k);
        } else if (d < (heapDistance[0] as number)) {
          // Points arrive in index order, so a tie with the root would lose on index: strict < suffices.
          heapDistance[0] = d;
          heapIndex[0] = i;
          siftDown(heapDistance, heapIndex, 0, k);
        }
      }
      writeAscending(heapDistance, heapIndex, k, neighbours, (c * m + q) * k);
    }
  }
  return neighbours;
}

/** Whether entry a orders after entry b: larger distance, or equal distance and larger index. */
function after(distance: Float32Array, index: Int32Array, a: number, b: number): boolean {
  const da = distance[a] as number;
  const db = distance[b] as number;
  return da > db || (da === db && (index[a] as number) > (index[b] as number));
}

/** Restores the max-heap property below position `at` of a heap of `size` entries. */
function siftDown(distance: Float32Array, index: Int32Array, at: number, size: number): void {
  let parent = at;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= size) return;
    const right = left + 1;
    const child = right < size && after(distance, index, right, left) ? right : left;
    if (!after(distance, index, child, parent)) return;
    swap(distance, index, parent, child);
    parent = child;
  }
}

function swap(distance: Float32Array, index: Int32Array, a: number, b: number): void {
  const d = distance[a] as number;
  distance[a] = distance[b] as number;
  distance[b] = d;
  const i = index[a] as number;
  index[a] = index[b] as number;
  index[b] = i;
}

/** Heap-sorts the heap in place (emptying it) and writes its indices nearest first at `out[offset…]`. */
function writeAscending(distance: Float32Array, index: Int32Array, size: number, out: Int32Array, offset: number): void {
  for (let end = size - 1; end >= 0; end--) {
    out[offset + end] = index[0] as number;
    swap(distance, index, 0, end);
    siftDown(distance, index, 0, end);
  }
}
