import type { Rng } from '@hybridssm/core';
import { checkPointCloudBatch, fail, type PointCloudBatch } from './point-cloud-batch.js';

// Training-time augmentations of Point-BERT (Yu et al. 2022) as used by PointMamba/PoinTramba, drawing
// from a seeded `Rng` (same seed, same result). Each returns a new batch and leaves its input alone.

export interface ScaleAndTranslateOptions {
  /** Per-axis scale is uniform in [low, high); default [2/3, 3/2]. */
  readonly scaleRange?: readonly [number, number];
  /** Per-axis shift is uniform in [−translate, translate); default 0.2. */
  readonly translate?: number;
}

/**
 * Point-BERT's PointcloudScaleAndTranslate: per cloud, draws 3 scales then 3 shifts and maps each point
 * p to p ⊙ scale + shift.
 */
export function randomScaleAndTranslate(clouds: PointCloudBatch, rng: Rng, options: ScaleAndTranslateOptions = {}): PointCloudBatch {
  const op = 'randomScaleAndTranslate';
  checkPointCloudBatch(op, 'clouds', clouds);
  const [low, high] = options.scaleRange ?? [2 / 3, 3 / 2];
  if (!(low > 0 && high >= low && Number.isFinite(high))) {
    fail(op, `'scaleRange' must be [low, high] with 0 < low ≤ high < ∞; got [${low}, ${high}]`);
  }
  const translate = options.translate ?? 0.2;
  if (!(translate >= 0 && Number.isFinite(translate))) fail(op, `'translate' must be a finite number ≥ 0; got ${translate}`);
  return mapClouds(clouds, () => {
    const scale = [0, 1, 2].map(() => low + (high - low) * rng.uniform());
    const shift = [0, 1, 2].map(() => translate * (2 * rng.uniform() - 1));
    return (value, axis) => value * (scale[axis] as number) + (shift[axis] as number);
  });
}

/**
 * Point-BERT's PointcloudRotate: per cloud, an angle θ uniform in [0, 2π) about the up axis y, applied
 * as p · R with R = [[cos θ, 0, sin θ], [0, 1, 0], [−sin θ, 0, cos θ]] (row vectors, as there).
 */
export function randomRotateAboutUpAxis(clouds: PointCloudBatch, rng: Rng): PointCloudBatch {
  checkPointCloudBatch('randomRotateAboutUpAxis', 'clouds', clouds);
  const { points: xyz, batch, count } = clouds;
  const out = new Float32Array(xyz.length);
  for (let c = 0; c < batch; c++) {
    const angle = 2 * Math.PI * rng.uniform();
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (let p = c * count * 3; p < (c + 1) * count * 3; p += 3) {
      const x = xyz[p] as number;
      const z = xyz[p + 2] as number;
      out[p] = x * cos - z * sin;
      out[p + 1] = xyz[p + 1] as number;
      out[p + 2] = x * sin + z * cos;
    }
  }
  return { points: out, batch, count };
}

export interface JitterOptions {
  /** Standard deviation of the per-coordinate Gaussian noise; default 0.01. */
  readonly sigma?: number;
  /** Noise is clipped to [−clip, clip]; default 0.05. */
  readonly clip?: number;
}

/** Point-BERT's PointcloudJitter: adds clipped Gaussian noise to every coordinate (points in order, x, y, z). */
export function jitter(clouds: PointCloudBatch, rng: Rng, options: JitterOptions = {}): PointCloudBatch {
  const op = 'jitter';
  checkPointCloudBatch(op, 'clouds', clouds);
  const sigma = options.sigma ?? 0.01;
  const clip = options.clip ?? 0.05;
  if (!(sigma >= 0 && Number.isFinite(sigma))) fail(op, `'sigma' must be a finite number ≥ 0; got ${sigma}`);
  if (!(clip >= 0)) fail(op, `'clip' must be a number ≥ 0; got ${clip}`);
  const noise = (): number => Math.min(clip, Math.max(-clip, sigma * rng.normal()));
  return mapClouds(clouds, () => (value) => value + noise());
}

/** Applies a per-cloud coordinate map (made once per cloud, in batch order) to every coordinate. */
function mapClouds(clouds: PointCloudBatch, perCloud: () => (value: number, axis: number) => number): PointCloudBatch {
  const { points: xyz, batch, count } = clouds;
  const out = new Float32Array(xyz.length);
  for (let c = 0; c < batch; c++) {
    const map = perCloud();
    for (let i = c * count * 3; i < (c + 1) * count * 3; i++) out[i] = map(xyz[i] as number, i % 3);
  }
  return { points: out, batch, count };
}
