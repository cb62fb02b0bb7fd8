import { Rng } from '@hybridssm/core';
import type { LabeledCloud } from './point-cloud.js';
import { SHAPE_NAMES, sampleShapeSurface } from './shape-surfaces.js';
import type { ShapeName } from './shape-surfaces.js';

/** Options of syntheticShapes. */
export interface SyntheticShapesOptions {
  /** The shapes to draw, label = index here; default SHAPE_NAMES. */
  classes?: readonly ShapeName[];
  perClass: number;
  /** Points per cloud. */
  points: number;
  seed: number;
  /** Standard deviation of the Gaussian noise on each coordinate, as a fraction of the cloud's size (≥ 0). */
  noise: number;
}

/** A generated classification set: class names and perClass clouds of each, class by class. */
export interface SyntheticShapes {
  classes: ShapeName[];
  clouds: LabeledCloud[];
}

/** Each cloud's overall size is drawn from this range, then each axis is stretched by up to ±ANISOTROPY. */
const SIZE_RANGE = [0.5, 2] as const;
const ANISOTROPY = 0.15;
/** Each coordinate of a cloud's centre is uniform in ±TRANSLATION. */
const TRANSLATION = 1;
const NOISE_STREAM = 0x9e3779b9;

/**
 * Surface samples of parametric shapes for tests and CI runs: each cloud is its shape at a random size
 * (anisotropic within limits), in a uniformly random rotation and at a random position, with Gaussian
 * noise; the same options give the same clouds. Names are `<shape>_NNNN`.
 */
export function syntheticShapes(options: SyntheticShapesOptions): SyntheticShapes {
  const { perClass, points: count, seed, noise } = options;
  const classes = [...(options.classes ?? SHAPE_NAMES)];
  const unknown = classes.find((name) => !(SHAPE_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) throw new Error(`syntheticShapes: unknown shape '${unknown}'; known: ${SHAPE_NAMES.join(', ')}`);
  if (classes.length === 0) throw new Error('syntheticShapes: classes is empty');
  if (!Number.isInteger(perClass) || perClass < 1 || !Number.isInteger(count) || count < 1) {
    throw new Error(`syntheticShapes: perClass and points must be positive integers, got ${perClass} and ${count}`);
  }
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new Error(`syntheticShapes: noise must be a finite number ≥ 0, got ${noise}`);

  const rng = new Rng(seed);
  // A stream of its own, so that the clouds' shapes and poses do not depend on the noise level.
  const noiseRng = new Rng(seed ^ NOISE_STREAM);
  const clouds: LabeledCloud[] = [];
  classes.forEach((shape, label) => {
    for (let i = 0; i < perClass; i++) {
      const points = sampleShapeSurface(shape, count, rng);
      const size = SIZE_RANGE[0] + (SIZE_RANGE[1] - SIZE_RANGE[0]) * rng.uniform();
      const scale = [0, 1, 2].map(() => size * (1 + ANISOTROPY * (2 * rng.uniform() - 1)));
      const rotation = randomRotation(rng);
      const centre = [0, 1, 2].map(() => TRANSLATION * (2 * rng.uniform() - 1));
      for (let p = 0; p < count; p++) {
        const local = [0, 1, 2].map((axis) => points[p * 3 + axis]! * scale[axis]!);
        for (let row = 0; row < 3; row++) {
          const rotated = rotation[row * 3]! * local[0]! + rotation[row * 3 + 1]! * local[1]! + rotation[row * 3 + 2]! * local[2]!;
          points[p * 3 + row] = rotated + centre[row]!;
        }
      }
      if (noise > 0) for (let k = 0; k < points.length; k++) points[k] = points[k]! + noise * size * noiseRng.normal();
      clouds.push({ points, count, label, name: `${shape}_${String(i + 1).padStart(4, '0')}` });
    }
  });
  return { classes, clouds };
}

/** A rotation matrix (row-major 3×3) uniform over all rotations, from a uniform unit quaternion (Shoemake 1992). */
function randomRotation(rng: Rng): number[] {
  const [u1, u2, u3] = [rng.uniform(), rng.uniform(), rng.uniform()];
  const [a, b] = [Math.sqrt(1 - u1), Math.sqrt(u1)];
  const [x, y] = [a * Math.sin(2 * Math.PI * u2), a * Math.cos(2 * Math.PI * u2)];
  const [z, w] = [b * Math.sin(2 * Math.PI * u3), b * Math.cos(2 * Math.PI * u3)];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}
