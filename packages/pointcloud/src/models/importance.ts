import * as tf from '@tensorflow/tfjs';
import { ArgumentError } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import { indicesFrom, maxOverPoints } from './parts.js';

/**
 * Group orderings of PoinTramba's `--mode_sort` (PointMambaFormer.forward and BasePointMamba.forward):
 * 'max' importance high → low; 'min' low → high; 'both' (BIO) high → low followed by low → high
 * (2g tokens); 'random' a fresh permutation per sample; 'no' the input (FPS) order; 'triple_xyz' the
 * centres sorted by x, then by y, then by z, concatenated (3g tokens).
 */
export type SortMode = 'max' | 'min' | 'both' | 'random' | 'no' | 'triple_xyz';
export const SORT_MODES: readonly SortMode[] = ['max', 'min', 'both', 'random', 'no', 'triple_xyz'];

/** Pooling of the final tokens: mean, max, or importance-aware (IAP). */
export type PoolingType = 'ave' | 'max' | 'important';
/** IAP weights from the sorted scores s: s itself, clamp(s, 0, 1), or softmax over the tokens. */
export type WeightingType = 'direct' | 'drop_neg' | 'sfm';

/** Indices of x [b, g] sorted along g, descending or ascending (torch.argsort); int32 [b, g]. */
export function argsortRows(x: tf.Tensor, descending: boolean): tf.Tensor {
  if (x.rank !== 2) throw new ArgumentError(`argsortRows: 'x' must have rank 2 [b, g]; got [${x.shape.join(',')}]`);
  return indicesFrom(x, (input) => tf.topk(descending ? input : tf.neg(input), input.shape[1] as number, true).indices);
}

/**
 * The importance order of scores [b, g]: 'max' → [b, g] high → low, 'min' → low → high, 'both' →
 * [b, 2g], the two concatenated (BIO). Indices are int32 and carry no gradient.
 */
export function importanceOrder(importance: tf.Tensor, mode: 'max' | 'min' | 'both'): tf.Tensor {
  return tf.tidy(() => {
    if (mode === 'max') return argsortRows(importance, true);
    if (mode === 'min') return argsortRows(importance, false);
    return tf.concat([argsortRows(importance, true), argsortRows(importance, false)], 1);
  });
}

/** BasePointMamba's 'triple_xyz': centres [b, g, 3] argsorted by x, by y and by z, concatenated: int32 [b, 3g]. */
export function xyzOrder(center: tf.Tensor): tf.Tensor {
  if (center.rank !== 3 || center.shape[2] !== 3) throw new ArgumentError(`xyzOrder: 'center' must have shape [b, g, 3]; got [${center.shape.join(',')}]`);
  return tf.tidy(() => {
    const axes = tf.unstack(center, 2);
    return tf.concat(axes.map((coordinate) => argsortRows(coordinate, false)), 1);
  });
}

/** A uniformly random permutation of 0…g−1 per sample (torch.randperm per row): int32 [b, g]. */
export function randomOrder(batch: number, groups: number, rng: Rng): tf.Tensor {
  const values = new Int32Array(batch * groups);
  for (let i = 0; i < batch; i++) values.set(rng.permutation(groups), i * groups);
  return tf.tensor2d(values, [batch, groups], 'int32');
}

/** 0…g−1 for every sample: int32 [b, g]. */
export function identityOrder(batch: number, groups: number): tf.Tensor {
  return tf.tidy(() => tf.tile(tf.reshape(tf.range(0, groups, 1, 'int32'), [1, groups]), [batch, 1]));
}

/**
 * The IAP weights of sorted scores [b, l] (PointMambaFormer.forward, type_pooling 'important'):
 * 'direct' s, 'drop_neg' clamp(s, 0, 1), 'sfm' softmax(s) over the l tokens. Only 'sfm' sums to 1;
 * the code does not normalise the other two (in BIO every group is counted twice).
 */
export function poolingWeights(sortedImportance: tf.Tensor, weighting: WeightingType): tf.Tensor {
  return tf.tidy(() => {
    if (weighting === 'direct') return tf.clone(sortedImportance);
    if (weighting === 'drop_neg') return tf.clipByValue(sortedImportance, 0, 1);
    if (weighting === 'sfm') return tf.softmax(sortedImportance, 1);
    throw new ArgumentError(`poolingWeights: unknown weighting ${JSON.stringify(weighting)}`);
  });
}

/**
 * Pools tokens x [b, l, d] to [b, d]: 'ave' mean over l, 'max' max over l, 'important'
 * Σ_l w_l x_l with w = poolingWeights(sortedImportance [b, l], weighting).
 */
export function poolTokens(x: tf.Tensor, pooling: PoolingType, sortedImportance?: tf.Tensor, weighting: WeightingType = 'direct'): tf.Tensor {
  return tf.tidy(() => {
    if (pooling === 'ave') return tf.mean(x, 1);
    if (pooling === 'max') return maxOverPoints(x);
    if (pooling !== 'important') throw new ArgumentError(`poolTokens: unknown pooling ${JSON.stringify(pooling)}`);
    if (sortedImportance === undefined) throw new ArgumentError("poolTokens: 'important' pooling needs the sorted importance scores");
    const weights = poolingWeights(sortedImportance, weighting);
    return tf.sum(tf.mul(x, tf.expandDims(weights, -1)), 1);
  });
}
