// Depthwise causal conv1d, channels-last, four channels per f32x4 (src/ops/causal-conv1d.ts):
//   y[b,t,c]  = Σ_j w[c,j] · x[b,t−(k−1)+j,c] + bias[c]          (x = 0 before time 0)
//   dx[b,s,c] = Σ_j w[c,j] · dy[b,s+k−1−j,c]                     (dy = 0 after time l−1)
//   dw[c,j]   = Σ_{b,t} dy[b,t,c] · x[b,t−(k−1)+j,c],  dbias[c] = Σ_{b,t} dy[b,t,c]
// Pointers are byte offsets; x, y, dx, dy hold b·l rows of c floats, weight and dweight [c,1,k]. A row
// whose c is not a multiple of 4 ends with a group over its last four channels, overlapping the one
// before it (c ≥ 4; callers check): y and dx are rewritten with the same values, and the sums mask the
// lanes already counted. Scratch (…ScratchBytes) holds the taps transposed to [k,c] and the sums.

/** Rows of dy whose products are summed in float32 before they are added to the totals (bounds float32 error). */
const BLOCK: i32 = 256;

/** dst [cols, rows] = src [rows, cols] transposed: weight [c,k] to taps [k,c] (one row per shift j), and back. */
function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) store<f32>(dst + ((<usize>q * rows + r) << 2), load<f32>(src + ((<usize>r * cols + q) << 2)));
  }
}

/** `bytes` rounded up to whole vectors: the size of a scratch region that `zero` and `addInto` sweep. */
function span(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}

/** p[0, span(bytes)) = 0. */
function zero(p: usize, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 16) v128.store(p + o, f32x4.splat(0));
}

/** dst[0, span(bytes)) += src[0, span(bytes)). */
function addInto(dst: usize, src: usize, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 16) v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
}

/** Lanes of the group at byte `o` not covered by the groups before `off` (all of them unless the row's last group overlaps). */
@inline
function newLanes(o: usize, off: usize): v128 {
  return i32x4.ge_u(i32x4.add(i32x4.splat(<i32>o), i32x4(0, 4, 8, 12)), i32x4.splat(<i32>off));
}

export function causalConv1dForwardScratchBytes(c: i32, k: i32): usize {
  return <usize>k * c * 4;
}

/** y = conv(x) (+ bias; bias 0: none). */
export function causalConv1dForward(x: usize, weight: usize, bias: usize, y: usize, b: i32, l: i32, c: i32, k: i32, scratch: usize): void {
  const taps = scratch;
  transpose(weight, c, k, taps);
  const row = <usize>c << 2;
  const last = row - 16;
  for (let bi = 0; bi < b; bi++) {
    for (let t = 0; t < l; t++) {
      const first = max(0, k - 1 - t); // taps before `first` fall before time 0
      const out = y + <usize>(bi * l + t) * row;
      const xFirst = x + <usize>(bi * l + t - (k - 1) + first) * row;
      const tFirst = taps + <usize>first * row;
      for (let off: usize = 0; off < row; off += 16) {
        const o = min(off, last);
        let acc = bias != 0 ? v128.load(bias + o) : f32x4.splat(0);
        for (let j = first, xp = xFirst + o, tp = tFirst + o; j < k; j++, xp += row, tp += row) {
          acc = f32x4.add(acc, f32x4.mul(v128.load(tp), v128.load(xp)));
        }
        v128.store(out + o, acc);
      }
    }
  }
}

export function causalConv1dBackwardScratchBytes(c: i32, k: i32): usize {
  return 3 * span(<usize>k * c * 4) + 2 * span(<usize>c * 4);
}

/** dx, dweight and (dbias ≠ 0) dbias for cotangent dy, in one pass over x and dy. */
export function causalConv1dBackward(
  x: usize, weight: usize, dy: usize, dx: usize, dweight: usize, dbias: usize, b: i32, l: i32, c: i32, k: i32, scratch: usize,
): void {
  const row = <usize>c << 2;
  const last = row - 16;
  const taps = scratch; // [k,c]
  const dwBlock = taps + span(<usize>k * row); // [k,c] sums over the current block of rows
  const dwTotal = dwBlock + span(<usize>k * row); // [k,c]
  const dbBlock = dwTotal + span(<usize>k * row); // [c]
  const dbTotal = dbBlock + span(row); // [c]
  transpose(weight, c, k, taps);
  zero(dwTotal, <usize>k * row);
  zero(dbTotal, row);
  for (let bi = 0; bi < b; bi++) {
    for (let start = 0; start < l; start += BLOCK) {
      const end = min(l, start + BLOCK);
      zero(dwBlock, <usize>k * row);
      zero(dbBlock, row);
      for (let t = start; t < end; t++) {
        const firstX = max(0, k - 1 - t); // dw_j: x at time t−(k−1)+j ≥ 0
        const firstDy = max(0, t + k - l); // dx_t: dy at time t+k−1−j < l
        const rowAt = bi * l + t;
        const dyRow = dy + <usize>rowAt * row;
        const dxRow = dx + <usize>rowAt * row;
        const xFirst = x + <usize>(rowAt - (k - 1) + firstX) * row;
        const dyFirst = dy + <usize>(rowAt + k - 1 - firstDy) * row;
        for (let off: usize = 0; off < row; off += 16) {
          const o = min(off, last);
          let acc = f32x4.splat(0);
          for (let j = firstDy, tp = taps + <usize>firstDy * row + o, dp = dyFirst + o; j < k; j++, tp += row, dp -= row) {
            acc = f32x4.add(acc, f32x4.mul(v128.load(tp), v128.load(dp)));
          }
          v128.store(dxRow + o, acc);
          const g = v128.and(v128.load(dyRow + o), newLanes(o, off));
          v128.store(dbBlock + o, f32x4.add(v128.load(dbBlock + o), g));
          for (let j = firstX, wp = dwBlock + <usize>firstX * row + o, xp = xFirst + o; j < k; j++, wp += row, xp += row) {
            v128.store(wp, f32x4.add(v128.load(wp), f32x4.mul(g, v128.load(xp))));
          }
        }
      }
      addInto(dwTotal, dwBlock, <usize>k * row);
      addInto(dbTotal, dbBlock, row);
    }
  }
  transpose(dwTotal, k, c, dweight);
  if (dbias != 0) memory.copy(dbias, dbTotal, row);
}
