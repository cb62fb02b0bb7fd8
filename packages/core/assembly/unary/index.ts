// Elementwise Exp, Tanh and Erf as a module that imports its memory (`--importMemory` →
// build/unary-kernels.wasm), instantiated on tfjs-backend-wasm's heap (src/kernels/wasm/unary-wasm-kernels.ts):
// each reads n float32 at x and writes n at out (which may be x), and nothing else. Four at a time; the
// last n mod 4 go through one vector whose other lanes are 0.
import { erf4, expExact4, tanh4 } from '../unary-math';

export function expArray(x: usize, n: i32, out: usize): void {
  const whole = wholeBytes(n);
  for (let o: usize = 0; o < whole; o += 16) v128.store(out + o, expExact4(v128.load(x + o)));
  if (n & 3) storeRest(out + whole, expExact4(loadRest(x + whole, n & 3)), n & 3);
}

export function tanhArray(x: usize, n: i32, out: usize): void {
  const whole = wholeBytes(n);
  for (let o: usize = 0; o < whole; o += 16) v128.store(out + o, tanh4(v128.load(x + o)));
  if (n & 3) storeRest(out + whole, tanh4(loadRest(x + whole, n & 3)), n & 3);
}

export function erfArray(x: usize, n: i32, out: usize): void {
  const whole = wholeBytes(n);
  for (let o: usize = 0; o < whole; o += 16) v128.store(out + o, erf4(v128.load(x + o)));
  if (n & 3) storeRest(out + whole, erf4(loadRest(x + whole, n & 3)), n & 3);
}

/** Bytes of the whole four-value vectors in n float32. */
@inline
function wholeBytes(n: i32): usize {
  return <usize>(n >> 2) << 4;
}

/** The `rest` (1–3) float32 at p in the low lanes, 0 in the others. */
@inline
function loadRest(p: usize, rest: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (rest > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (rest > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the low `rest` (1–3) lanes of v at p. */
@inline
function storeRest(p: usize, v: v128, rest: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (rest > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (rest > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
