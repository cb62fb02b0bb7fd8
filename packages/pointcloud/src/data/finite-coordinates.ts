const AXES = ['x', 'y', 'z'] as const;

/**
 * Throws `<where>: <noun> <i>: <axis> is NaN` (or ±Infinity) for the first such coordinate of a
 * row-major [n, 3] array; `noun` is 'point' for clouds, 'vertex' for meshes.
 */
export function assertFiniteCoordinates(points: Float32Array, where: string, noun = 'point'): void {
  for (let i = 0; i < points.length; i++) {
    const value = points[i]!;
    if (!Number.isFinite(value)) throw new Error(`${where}: ${noun} ${Math.floor(i / 3)}: ${AXES[i % 3]} is ${value}`);
  }
}
