import * as tf from '@tensorflow/tfjs';
import { ArgumentError } from '@hybridssm/core';
import { farthestPointSampling } from '../geometry/fps.js';
import { gatherPoints, groupPoints } from '../geometry/group-points.js';
import { kNearestNeighbours } from '../geometry/knn.js';
import type { PointCloudBatch } from '../geometry/point-cloud-batch.js';
import { hilbertOrder } from '../geometry/space-filling-curve.js';
import type { PointBatch, PointClassifier } from '../models/classifier-types.js';

/** The tensors of a batch as the model's `inputs` ask for them, and the groups' centre indices (for rendering). */
export interface PreparedBatch {
  batch: PointBatch;
  /** FPS indices of the group centres [b, g] into each cloud (group-token models) */
  centreIndices?: Int32Array;
  /** kNN indices [b, g, k] */
  neighbourIndices?: Int32Array;
}

/**
 * PointMamba's serialisation: per cloud, the Hilbert order of the centres followed by the
 * trans-Hilbert order (x and y swapped), 2g indices [b, 2g].
 */
export function hilbertTransHilbert(centres: PointCloudBatch): Int32Array {
  const g = centres.count;
  const forward = hilbertOrder(centres);
  const trans = hilbertOrder(centres, { axes: [1, 0, 2] });
  const both = new Int32Array(centres.batch * 2 * g);
  for (let c = 0; c < centres.batch; c++) {
    both.set(forward.subarray(c * g, (c + 1) * g), c * 2 * g);
    both.set(trans.subarray(c * g, (c + 1) * g), c * 2 * g + g);
  }
  return both;
}

/**
 * The inputs `model` reads from normalised clouds [b, n, 3]: the raw points (PointNet), or FPS centres
 * and kNN neighbourhoods relative to them (the group-token models, Point-BERT's Group), and PointMamba's
 * Hilbert ‖ trans-Hilbert order where the model needs a given order. The caller disposes the tensors.
 */
export function prepareBatch(model: PointClassifier, clouds: PointCloudBatch): PreparedBatch {
  const { inputs, config } = model;
  const batch: PointBatch = {};
  if (inputs.points) batch.points = tf.tensor3d(clouds.points, [clouds.batch, clouds.count, 3]);
  if (!inputs.groups) return { batch };
  const { numGroups: g, groupSize: k } = config;
  if (g === undefined || k === undefined) throw new ArgumentError(`prepareBatch: ${model.modelName} reads groups but its config has no numGroups/groupSize`);
  if (clouds.count < g || clouds.count < k) {
    throw new ArgumentError(`prepareBatch: a cloud needs at least ${Math.max(g, k)} points for ${g} groups of ${k}; got ${clouds.count}`);
  }
  const centreIndices = farthestPointSampling(clouds, g);
  const centres = gatherPoints(clouds, centreIndices);
  const neighbourIndices = kNearestNeighbours(clouds, centres, k);
  const groups = groupPoints(clouds, centreIndices, neighbourIndices);
  batch.neighborhood = tf.tensor4d(groups.neighbourhoods, [clouds.batch, g, k, 3]);
  batch.center = tf.tensor3d(centres.points, [clouds.batch, g, 3]);
  if (inputs.order === 'required') batch.order = tf.tensor2d(hilbertTransHilbert(centres), [clouds.batch, 2 * g], 'int32');
  return { batch, centreIndices, neighbourIndices };
}

/** Disposes every tensor of a PointBatch. */
export function disposeBatch(batch: PointBatch): void {
  tf.dispose(Object.values(batch).filter((t): t is tf.Tensor => t !== undefined));
}
