// Column sums of a row-major matrix (src/ops/sum-leading-axes.ts): out[c] = Σ_r x[r, c], x [rows, cols].
// Rows are swept in order (sequential memory), four columns per f32x4, into a scratch row of partial
// sums that is added to the totals every BLOCK rows (bounds the float32 error as a blocked sum does).
// Columns past the last multiple of four are summed one by one. Pointers are byte offsets.

const BLOCK: i32 = 256;

export function sumRowsScratchBytes(cols: i32): usize {
  return (<usize>cols * 4 + 15) & ~(<usize>15);
}

export function sumRows(x: usize, rows: i32, cols: i32, out: usize, scratch: usize): void {
  const vectorBytes = <usize>(cols >> 2) << 4;
  const rowBytes = <usize>cols << 2;
  for (let o: usize = 0; o < rowBytes; o += 4) store<f32>(out + o, 0);
  for (let start = 0; start < rows; start += BLOCK) {
    const end = min(rows, start + BLOCK);
    for (let o: usize = 0; o < vectorBytes; o += 16) v128.store(scratch + o, f32x4.splat(0));
    for (let o = vectorBytes; o < rowBytes; o += 4) store<f32>(scratch + o, 0);
    for (let r = start; r < end; r++) {
      const row = x + <usize>r * rowBytes;
      for (let o: usize = 0; o < vectorBytes; o += 16) v128.store(scratch + o, f32x4.add(v128.load(scratch + o), v128.load(row + o)));
      for (let o = vectorBytes; o < rowBytes; o += 4) store<f32>(scratch + o, load<f32>(scratch + o) + load<f32>(row + o));
    }
    for (let o: usize = 0; o < rowBytes; o += 4) store<f32>(out + o, load<f32>(out + o) + load<f32>(scratch + o));
  }
}
