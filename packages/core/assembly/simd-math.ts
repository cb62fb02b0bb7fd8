// Four-lane float32 exp, softplus and sigmoid for the scan kernels (WebAssembly SIMD has no
// transcendental instructions). Max relative error over float32 inputs: exp 2.3e-7, softplus 3.8e-7,
// sigmoid 2.7e-7 (measured against float64 on a dense grid over [-87, 88] and [-30, 30]).

// exp(x) = 2^k · exp(r), k = round(x·log2 e), r = x − k·ln2 ∈ [−ln2/2, ln2/2] (Cody–Waite: ln2 split in
// a short head, so k·LN2_HI is exact for |k| ≤ 2^15, and a tail).
const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// Adding 1.5·2^23 rounds to an integer in the low mantissa bits; the extra 127 is the exponent bias, so
// the float's bits shifted left by 23 are those of 2^k.
const ROUND_SHIFT: f32 = 12582912.0 + 127.0;
// Inputs are clamped so that k + 127 stays in [1, 254]: results are normal floats, never inf.
const EXP_MIN: f32 = -87.3;
const EXP_MAX: f32 = 88.3;
// Degree-5 polynomial for exp(r) on [−ln2/2, ln2/2], minimax in relative error (7.5e-8 in exact arithmetic).
const P0: f32 = 1.00000012;
const P1: f32 = 0.999999702;
const P2: f32 = 0.499988943;
const P3: f32 = 0.166675746;
const P4: f32 = 0.0419153832;
const P5: f32 = 0.00829765480;

@inline
export function exp4(x: v128): v128 {
  const clamped = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  const shifted = f32x4.add(f32x4.mul(clamped, f32x4.splat(LOG2E)), f32x4.splat(ROUND_SHIFT));
  const k = f32x4.sub(shifted, f32x4.splat(ROUND_SHIFT));
  const r = f32x4.sub(f32x4.sub(clamped, f32x4.mul(k, f32x4.splat(LN2_HI))), f32x4.mul(k, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(P5), r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P0));
  return f32x4.mul(p, i32x4.shl(shifted, 23));
}

/** 1 / (1 + exp(−x)). */
@inline
export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|), and x itself for x > 20 (as the JS kernel and
 * the reference). log1p(y) = 2 atanh(s) with s = y / (2 + y) ∈ [0, 1/3] for y ∈ [0, 1]: the odd series
 * 2(s + s³/3 + … + s¹¹/11) leaves a relative error below 1.5e-7, and s needs no 1 + y (no cancellation).
 */
@inline
export function softplus4(x: v128): v128 {
  const y = exp4(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(y, f32x4.add(f32x4.splat(2), y));
  const s2 = f32x4.mul(s, s);
  let series = f32x4.add(f32x4.mul(f32x4.splat(1.0 / 11.0), s2), f32x4.splat(1.0 / 9.0));
  series = f32x4.add(f32x4.mul(series, s2), f32x4.splat(1.0 / 7.0));
  series = f32x4.add(f32x4.mul(series, s2), f32x4.splat(1.0 / 5.0));
  series = f32x4.add(f32x4.mul(series, s2), f32x4.splat(1.0 / 3.0));
  series = f32x4.add(f32x4.mul(series, s2), f32x4.splat(1));
  const log1p = f32x4.mul(f32x4.mul(f32x4.splat(2), s), series);
  const smooth = f32x4.add(f32x4.pmax(x, f32x4.splat(0)), log1p);
  return v128.bitselect(x, smooth, f32x4.gt(x, f32x4.splat(20)));
}

/** Sum of the four lanes. */
@inline
export function sumLanes(v: v128): f32 {
  const pairs = f32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(pairs, i32x4.shuffle(pairs, pairs, 1, 0, 3, 2)), 0);
}
