// Per-cloud structure-of-arrays scratch for the four-lane loops: x, y and z each in their own float32
// array of `padded` (n rounded up to 4) values. The padding lanes hold NaN: every distance computed from
// them is NaN, which compares false, so they are never picked.

/** n rounded up to a multiple of 4 lanes. */
@inline
export function paddedCount(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Copies one cloud's row-major [n, 3] points at `xyz` into x, y, z arrays at `xs`, `ys`, `zs`, NaN-padded. */
export function splitAxes(xyz: usize, n: i32, xs: usize, ys: usize, zs: usize): void {
  for (let i = 0; i < n; i++) {
    const point = xyz + <usize>i * 12;
    const at = <usize>i << 2;
    store<f32>(xs + at, load<f32>(point));
    store<f32>(ys + at, load<f32>(point, 4));
    store<f32>(zs + at, load<f32>(point, 8));
  }
  for (let i = n; i < paddedCount(n); i++) {
    const at = <usize>i << 2;
    store<f32>(xs + at, NaN);
    store<f32>(ys + at, NaN);
    store<f32>(zs + at, NaN);
  }
}

/**
 * Squared distances from (cx, cy, cz) to the four points at byte offset `at` of the axis arrays, summed
 * in the order (dx² + dy²) + dz² that src/geometry/squared-distance.ts reproduces.
 */
@inline
export function squaredDistance4(xs: usize, ys: usize, zs: usize, at: usize, cx: v128, cy: v128, cz: v128): v128 {
  const dx = f32x4.sub(v128.load(xs + at), cx);
  const dy = f32x4.sub(v128.load(ys + at), cy);
  const dz = f32x4.sub(v128.load(zs + at), cz);
  return f32x4.add(f32x4.add(f32x4.mul(dx, dx), f32x4.mul(dy, dy)), f32x4.mul(dz, dz));
}

// Compare-and-select minimum and maximum: f32.min and f64.min also order NaN and −0, which costs V8
// several instructions each; the values here are never NaN.
@inline
export function lesser<T>(a: T, b: T): T {
  return a < b ? a : b;
}

@inline
export function greater<T>(a: T, b: T): T {
  return a > b ? a : b;
}
