// Four-lane float32 exp, tanh and erf with float32 edge behaviour (±∞, NaN, ±0), for the elementwise
// kernels that replace tfjs-backend-wasm's scalar Exp, Tanh and Erf (src/kernels/wasm/unary-wasm-kernels.ts).
// Max relative error against float64 over float32 inputs: exp 2.3e-7 (exp4), tanh 5e-7, erf 4e-7.
import { exp4 } from './simd-math';

// exp4 keeps 2^k normal by clamping x to [−87.3, 88.3]. Above 88.3 the exponent would overflow, so
// those lanes take e^(x − c) · e^c with c = 0.693359375 (x − c is exact there: both are multiples of
// 2^−17); past ln(float32 max) the result is +∞. Below −87.3, where e^x < 1.22e-38 (the bottom of
// float32's normal range), the result is 0: no subnormals.
const EXP_HIGH: f32 = 88.3;
const EXP_SHIFT: f32 = 0.693359375;
const EXP_OF_SHIFT: f32 = 2.0004244339;
const EXP_INF: f32 = 88.72284;
const EXP_ZERO: f32 = -87.3;

/** e^x for every float32 x: +∞ above 88.72, 0 below −87.3, exactly 1 at ±0 (exp4's polynomial gives 1 + 1.2e-7 there), NaN kept. */
@inline
export function expExact4(x: v128): v128 {
  const high = f32x4.gt(x, f32x4.splat(EXP_HIGH));
  let y = exp4(v128.bitselect(f32x4.sub(x, f32x4.splat(EXP_SHIFT)), x, high));
  y = v128.bitselect(f32x4.mul(y, f32x4.splat(EXP_OF_SHIFT)), y, high);
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_INF)));
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_ZERO)));
  y = v128.bitselect(f32x4.splat(1), y, f32x4.eq(x, f32x4.splat(0)));
  return v128.bitselect(x, y, f32x4.ne(x, x));
}

const SIGN: v128 = i32x4.splat(0x80000000);

/** x's magnitude with the sign of `sign`. */
@inline
function withSign(magnitude: v128, sign: v128): v128 {
  return v128.or(v128.andnot(magnitude, SIGN), v128.and(sign, SIGN));
}

// Below TANH_SERIES, tanh's odd Taylor series to x¹¹ (the next term, 21844/6081075 · x¹³, is under 6e-10
// of the result there); above it (1 − e^−2|x|) / (1 + e^−2|x|), whose 1 − t is at least 0.45.
const TANH_SERIES: f32 = 0.3;

/** tanh(x), odd, ±1 beyond |x| ≈ 9, NaN kept. */
@inline
export function tanh4(x: v128): v128 {
  const a = f32x4.abs(x);
  const x2 = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(f32x4.splat(<f32>(-1382.0 / 155925.0)), x2), f32x4.splat(<f32>(62.0 / 2835.0)));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(-17.0 / 315.0)));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(2.0 / 15.0)));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(-1.0 / 3.0)));
  const series = f32x4.mul(x, f32x4.add(f32x4.splat(1), f32x4.mul(x2, p))); // x · (…): tanh(−0) = −0
  const small = f32x4.lt(a, f32x4.splat(TANH_SERIES));
  if (i32x4.all_true(small)) return series; // activations near 0: skip the exponential
  const t = exp4(f32x4.mul(a, f32x4.splat(-2)));
  const one = f32x4.splat(1);
  const large = withSign(f32x4.div(f32x4.sub(one, t), f32x4.add(one, t)), x);
  return v128.bitselect(series, large, small);
}

// Below ERF_SERIES, erf's Maclaurin series (2/√π) Σ (−1)^k x^(2k+1) / (k! (2k+1)) to x¹³ (the next
// term is under 2e-9 of the result); above it 1 − erfc(|x|) with the Chebyshev-fitted erfc of
// Numerical Recipes (§6.2, fractional error below 1.2e-7): erfc(z) = t · exp(−z² + P(t)), t = 1/(1 + z/2),
// with z at most 4, where erfc is 1.5e-8 and 1 − erfc rounds to 1 (beyond, t · exp would be subnormal:
// slow on x86, and no different in the result).
const ERF_SERIES: f32 = 0.5;
const ERFC_CAP: f32 = 4;
const TWO_OVER_SQRT_PI: f32 = 1.1283791671;

/** erf(x), odd, ±1 beyond |x| ≈ 4, NaN kept. */
@inline
export function erf4(x: v128): v128 {
  const a = f32x4.abs(x);
  const x2 = f32x4.mul(x, x);
  let s = f32x4.add(f32x4.mul(f32x4.splat(<f32>(-1.0 / 75600.0)), x2), f32x4.splat(<f32>(1.0 / 9360.0)));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(<f32>(-1.0 / 1320.0)));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(<f32>(1.0 / 216.0)));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(<f32>(-1.0 / 42.0)));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(<f32>(1.0 / 10.0)));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(<f32>(-1.0 / 3.0)));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(1));
  const series = f32x4.mul(f32x4.mul(x, f32x4.splat(TWO_OVER_SQRT_PI)), s);
  const small = f32x4.lt(a, f32x4.splat(ERF_SERIES));
  if (i32x4.all_true(small)) return series; // activations near 0: skip erfc
  const one = f32x4.splat(1);
  const z = f32x4.pmin(a, f32x4.splat(ERFC_CAP));
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(z, f32x4.splat(0.5))));
  let p = f32x4.add(f32x4.mul(f32x4.splat(<f32>0.17087277), t), f32x4.splat(<f32>-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.26551223));
  const erfc = f32x4.mul(t, exp4(f32x4.sub(p, f32x4.mul(z, z))));
  const large = withSign(f32x4.sub(one, erfc), x);
  return v128.bitselect(series, large, small);
}
